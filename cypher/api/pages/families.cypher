// One page of families for the root `families` connection, filtered and sorted.
// Parameters: $ids (list or null), $referenceContains (string or null, case-insensitive),
// $professionalId (string or null: a professional was ever involved with the family),
// $sortKey (a property name from the API's whitelist), $descending, $skip, $limit.
// Order: by the whitelisted property $sortKey ($descending flips it), ties broken by id.
// Answers one row: total (all matches) and page (properties of matches $skip .. $skip+$limit).
MATCH (n:Family)
WHERE ($ids IS NULL OR n.id IN $ids)
  AND ($referenceContains IS NULL OR toLower(n.reference) CONTAINS toLower($referenceContains))
  AND ($professionalId IS NULL OR EXISTS { (:Professional {id: $professionalId})-[:INVOLVED_WITH]->(n) })
WITH n
ORDER BY CASE WHEN $descending THEN null ELSE n[$sortKey] END ASC,
         CASE WHEN $descending THEN n[$sortKey] END DESC, n.id ASC
WITH collect(n) AS matched
RETURN size(matched) AS total, [m IN matched[$skip..($skip + $limit)] | m {.id, .reference}] AS page
