// One page of agencies for the root `agencies` connection, filtered and sorted.
// Parameters: $ids, $sectors (lists or null), $nameContains (string or null, case-insensitive),
// $sortKey (a property name from the API's whitelist), $descending (bool), $skip, $limit.
// Order: by the whitelisted property $sortKey ($descending flips it), ties broken by id.
// Answers one row: total (all matches) and page (the model's properties of the matches
// $skip .. $skip+$limit). Counting and the top-k sort of the page are separate scans,
// cheaper than sorting every match.
CALL () {
  MATCH (n:Agency)
  WHERE ($ids IS NULL OR n.id IN $ids)
    AND ($sectors IS NULL OR n.sector IN $sectors)
    AND ($nameContains IS NULL OR toLower(n.name) CONTAINS toLower($nameContains))
  RETURN count(n) AS total
}
CALL () {
  MATCH (n:Agency)
  WHERE ($ids IS NULL OR n.id IN $ids)
    AND ($sectors IS NULL OR n.sector IN $sectors)
    AND ($nameContains IS NULL OR toLower(n.name) CONTAINS toLower($nameContains))
  WITH n
  ORDER BY CASE WHEN $descending THEN null ELSE n[$sortKey] END ASC,
           CASE WHEN $descending THEN n[$sortKey] END DESC, n.id ASC
  SKIP $skip LIMIT $limit
  RETURN collect(n {.id, .name, .sector}) AS page
}
RETURN total, page
