// One page of families for the root `families` connection, filtered and sorted.
// Parameters: $ids (list or null), $referenceContains (string or null, case-insensitive),
// $professionalId (string or null: a professional was ever involved with the family),
// $sortKey (a property name from the API's whitelist), $descending, $skip, $limit.
// Order: by the whitelisted property $sortKey ($descending flips it), ties broken by id.
// Answers one row: total (all matches) and page (the model's properties of the matches
// $skip .. $skip+$limit). Counting and the top-k sort of the page are separate scans,
// cheaper than sorting every match.
CALL () {
  MATCH (n:Family)
  WHERE ($ids IS NULL OR n.id IN $ids)
    AND ($referenceContains IS NULL OR toLower(n.reference) CONTAINS toLower($referenceContains))
    AND ($professionalId IS NULL OR EXISTS { (:Professional {id: $professionalId})-[:INVOLVED_WITH]->(n) })
  RETURN count(n) AS total
}
CALL () {
  MATCH (n:Family)
  WHERE ($ids IS NULL OR n.id IN $ids)
    AND ($referenceContains IS NULL OR toLower(n.reference) CONTAINS toLower($referenceContains))
    AND ($professionalId IS NULL OR EXISTS { (:Professional {id: $professionalId})-[:INVOLVED_WITH]->(n) })
  WITH n
  ORDER BY CASE WHEN $descending THEN null ELSE n[$sortKey] END ASC,
           CASE WHEN $descending THEN n[$sortKey] END DESC, n.id ASC
  SKIP $skip LIMIT $limit
  RETURN collect(n {.id, .reference}) AS page
}
RETURN total, page
