// One page of tensions for the root `tensions` connection, filtered and sorted.
// Parameters: $ids, $kinds (lists or null), $open (bool or null: true = not resolved),
// $descriptionContains (string or null, case-insensitive), $familyId (string or null: the
// tension is about that family, one of its boundary objects or one of its interactions),
// $partyId (string or null: a professional, agency or client it is between),
// $raisedAfter (DateTime or null, inclusive), $raisedBefore (DateTime or null, exclusive),
// $sortKey (a property name from the API's whitelist), $descending, $skip, $limit.
// Order: by the whitelisted property $sortKey ($descending flips it), ties broken by id.
// Answers one row: total (all matches) and page (the model's properties of the matches
// $skip .. $skip+$limit). Counting and the top-k sort of the page are separate scans,
// cheaper than sorting every match.
CALL () {
  MATCH (n:Tension)
  WHERE ($ids IS NULL OR n.id IN $ids)
    AND ($kinds IS NULL OR n.kind IN $kinds)
    AND ($open IS NULL OR (n.resolvedAt IS NULL) = $open)
    AND ($descriptionContains IS NULL OR toLower(n.description) CONTAINS toLower($descriptionContains))
    AND ($familyId IS NULL
         OR EXISTS { (n)-[:ABOUT]->(:Family {id: $familyId}) }
         OR EXISTS { (n)-[:ABOUT]->(:BoundaryObject|Interaction)-[:CONCERNS]->(:Family {id: $familyId}) })
    AND ($partyId IS NULL OR EXISTS { (n)-[:BETWEEN]->(:Professional|Agency|Client {id: $partyId}) })
    AND ($raisedAfter IS NULL OR n.raisedAt >= $raisedAfter)
    AND ($raisedBefore IS NULL OR n.raisedAt < $raisedBefore)
  RETURN count(n) AS total
}
CALL () {
  MATCH (n:Tension)
  WHERE ($ids IS NULL OR n.id IN $ids)
    AND ($kinds IS NULL OR n.kind IN $kinds)
    AND ($open IS NULL OR (n.resolvedAt IS NULL) = $open)
    AND ($descriptionContains IS NULL OR toLower(n.description) CONTAINS toLower($descriptionContains))
    AND ($familyId IS NULL
         OR EXISTS { (n)-[:ABOUT]->(:Family {id: $familyId}) }
         OR EXISTS { (n)-[:ABOUT]->(:BoundaryObject|Interaction)-[:CONCERNS]->(:Family {id: $familyId}) })
    AND ($partyId IS NULL OR EXISTS { (n)-[:BETWEEN]->(:Professional|Agency|Client {id: $partyId}) })
    AND ($raisedAfter IS NULL OR n.raisedAt >= $raisedAfter)
    AND ($raisedBefore IS NULL OR n.raisedAt < $raisedBefore)
  WITH n
  ORDER BY CASE WHEN $descending THEN null ELSE n[$sortKey] END ASC,
           CASE WHEN $descending THEN n[$sortKey] END DESC, n.id ASC
  SKIP $skip LIMIT $limit
  RETURN collect(n {.id, .kind, .description, .raisedAt, .resolvedAt, .resolution}) AS page
}
RETURN total, page
