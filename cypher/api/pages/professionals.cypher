// One page of professionals for the root `professionals` connection, filtered and sorted.
// Parameters: $ids, $professions (lists or null), $nameContains (string or null, case-insensitive),
// $agencyId (string or null: ever employed by that agency), $familyId (string or null: ever
// involved with that family), $sortKey (a property name from the API's whitelist), $descending,
// $skip, $limit.
// Order: by the whitelisted property $sortKey ($descending flips it), ties broken by id.
// Answers one row: total (all matches) and page (the model's properties of the matches
// $skip .. $skip+$limit). Counting and the top-k sort of the page are separate scans,
// cheaper than sorting every match.
CALL () {
  MATCH (n:Professional)
  WHERE ($ids IS NULL OR n.id IN $ids)
    AND ($professions IS NULL OR n.profession IN $professions)
    AND ($nameContains IS NULL OR toLower(n.name) CONTAINS toLower($nameContains))
    AND ($agencyId IS NULL OR EXISTS { (n)-[:EMPLOYED_BY]->(:Agency {id: $agencyId}) })
    AND ($familyId IS NULL OR EXISTS { (n)-[:INVOLVED_WITH]->(:Family {id: $familyId}) })
  RETURN count(n) AS total
}
CALL () {
  MATCH (n:Professional)
  WHERE ($ids IS NULL OR n.id IN $ids)
    AND ($professions IS NULL OR n.profession IN $professions)
    AND ($nameContains IS NULL OR toLower(n.name) CONTAINS toLower($nameContains))
    AND ($agencyId IS NULL OR EXISTS { (n)-[:EMPLOYED_BY]->(:Agency {id: $agencyId}) })
    AND ($familyId IS NULL OR EXISTS { (n)-[:INVOLVED_WITH]->(:Family {id: $familyId}) })
  WITH n
  ORDER BY CASE WHEN $descending THEN null ELSE n[$sortKey] END ASC,
           CASE WHEN $descending THEN n[$sortKey] END DESC, n.id ASC
  SKIP $skip LIMIT $limit
  RETURN collect(n {.id, .name, .profession}) AS page
}
RETURN total, page
