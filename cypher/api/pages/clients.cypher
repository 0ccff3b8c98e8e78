// One page of clients for the root `clients` connection, filtered and sorted.
// Parameters: $ids, $roles (lists or null), $nameContains (string or null, case-insensitive),
// $familyId (string or null: ever belonged to that family), $sortKey (a property name from the
// API's whitelist), $descending, $skip, $limit.
// Order: by the whitelisted property $sortKey ($descending flips it), ties broken by id.
// Answers one row: total (all matches) and page (the model's properties of the matches
// $skip .. $skip+$limit). Counting and the top-k sort of the page are separate scans,
// cheaper than sorting every match.
CALL () {
  MATCH (n:Client)
  WHERE ($ids IS NULL OR n.id IN $ids)
    AND ($roles IS NULL OR n.role IN $roles)
    AND ($nameContains IS NULL OR toLower(n.name) CONTAINS toLower($nameContains))
    AND ($familyId IS NULL OR EXISTS { (n)-[:BELONGS_TO]->(:Family {id: $familyId}) })
  RETURN count(n) AS total
}
CALL () {
  MATCH (n:Client)
  WHERE ($ids IS NULL OR n.id IN $ids)
    AND ($roles IS NULL OR n.role IN $roles)
    AND ($nameContains IS NULL OR toLower(n.name) CONTAINS toLower($nameContains))
    AND ($familyId IS NULL OR EXISTS { (n)-[:BELONGS_TO]->(:Family {id: $familyId}) })
  WITH n
  ORDER BY CASE WHEN $descending THEN null ELSE n[$sortKey] END ASC,
           CASE WHEN $descending THEN n[$sortKey] END DESC, n.id ASC
  SKIP $skip LIMIT $limit
  RETURN collect(n {.id, .name, .role, .birthYear}) AS page
}
RETURN total, page
