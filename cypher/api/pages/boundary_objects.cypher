// One page of boundary objects for the root `boundaryObjects` connection, filtered and sorted.
// Parameters: $ids, $kinds (lists or null), $titleContains (string or null, case-insensitive),
// $familyId (string or null), $createdAfter (Date or null, inclusive), $createdBefore (Date or
// null, exclusive), $sortKey (a property name from the API's whitelist), $descending, $skip, $limit.
// Order: by the whitelisted property $sortKey ($descending flips it), ties broken by id.
// Answers one row: total (all matches) and page (the model's properties of the matches
// $skip .. $skip+$limit). Counting and the top-k sort of the page are separate scans,
// cheaper than sorting every match.
CALL () {
  MATCH (n:BoundaryObject)
  WHERE ($ids IS NULL OR n.id IN $ids)
    AND ($kinds IS NULL OR n.kind IN $kinds)
    AND ($titleContains IS NULL OR toLower(n.title) CONTAINS toLower($titleContains))
    AND ($familyId IS NULL OR EXISTS { (n)-[:CONCERNS]->(:Family {id: $familyId}) })
    AND ($createdAfter IS NULL OR n.createdAt >= $createdAfter)
    AND ($createdBefore IS NULL OR n.createdAt < $createdBefore)
  RETURN count(n) AS total
}
CALL () {
  MATCH (n:BoundaryObject)
  WHERE ($ids IS NULL OR n.id IN $ids)
    AND ($kinds IS NULL OR n.kind IN $kinds)
    AND ($titleContains IS NULL OR toLower(n.title) CONTAINS toLower($titleContains))
    AND ($familyId IS NULL OR EXISTS { (n)-[:CONCERNS]->(:Family {id: $familyId}) })
    AND ($createdAfter IS NULL OR n.createdAt >= $createdAfter)
    AND ($createdBefore IS NULL OR n.createdAt < $createdBefore)
  WITH n
  ORDER BY CASE WHEN $descending THEN null ELSE n[$sortKey] END ASC,
           CASE WHEN $descending THEN n[$sortKey] END DESC, n.id ASC
  SKIP $skip LIMIT $limit
  RETURN collect(n {.id, .kind, .title, .createdAt}) AS page
}
RETURN total, page
