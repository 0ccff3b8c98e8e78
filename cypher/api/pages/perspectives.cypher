// One page of perspectives for the root `perspectives` connection, filtered and sorted.
// Parameters: $ids (list or null), $statementContains (string or null, case-insensitive),
// $familyId (string or null: the perspective is on that family or on one of its boundary
// objects), $holderId (string or null), $atAfter (DateTime or null, inclusive), $atBefore
// (DateTime or null, exclusive), $sortKey (a property name from the API's whitelist),
// $descending, $skip, $limit.
// Order: by the whitelisted property $sortKey ($descending flips it), ties broken by id.
// Answers one row: total (all matches) and page (the model's properties of the matches
// $skip .. $skip+$limit). Counting and the top-k sort of the page are separate scans,
// cheaper than sorting every match.
CALL () {
  MATCH (n:Perspective)
  WHERE ($ids IS NULL OR n.id IN $ids)
    AND ($statementContains IS NULL OR toLower(n.statement) CONTAINS toLower($statementContains))
    AND ($familyId IS NULL
         OR EXISTS { (n)-[:ON]->(:Family {id: $familyId}) }
         OR EXISTS { (n)-[:ON]->(:BoundaryObject)-[:CONCERNS]->(:Family {id: $familyId}) })
    AND ($holderId IS NULL OR EXISTS { (:Professional|Client {id: $holderId})-[:HOLDS]->(n) })
    AND ($atAfter IS NULL OR n.at >= $atAfter)
    AND ($atBefore IS NULL OR n.at < $atBefore)
  RETURN count(n) AS total
}
CALL () {
  MATCH (n:Perspective)
  WHERE ($ids IS NULL OR n.id IN $ids)
    AND ($statementContains IS NULL OR toLower(n.statement) CONTAINS toLower($statementContains))
    AND ($familyId IS NULL
         OR EXISTS { (n)-[:ON]->(:Family {id: $familyId}) }
         OR EXISTS { (n)-[:ON]->(:BoundaryObject)-[:CONCERNS]->(:Family {id: $familyId}) })
    AND ($holderId IS NULL OR EXISTS { (:Professional|Client {id: $holderId})-[:HOLDS]->(n) })
    AND ($atAfter IS NULL OR n.at >= $atAfter)
    AND ($atBefore IS NULL OR n.at < $atBefore)
  WITH n
  ORDER BY CASE WHEN $descending THEN null ELSE n[$sortKey] END ASC,
           CASE WHEN $descending THEN n[$sortKey] END DESC, n.id ASC
  SKIP $skip LIMIT $limit
  RETURN collect(n {.id, .statement, .at}) AS page
}
RETURN total, page
