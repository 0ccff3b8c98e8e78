// One page of episodes for the root `episodes` connection, filtered and sorted.
// Parameters: $ids, $kinds (lists or null), $familyId (string or null), $open (bool or null:
// true = not closed), $openedAfter (Date or null, inclusive), $openedBefore (Date or null,
// exclusive), $sortKey (a property name from the API's whitelist), $descending, $skip, $limit.
// Order: by the whitelisted property $sortKey ($descending flips it), ties broken by id.
// Answers one row: total (all matches) and page (the model's properties of the matches
// $skip .. $skip+$limit). Counting and the top-k sort of the page are separate scans,
// cheaper than sorting every match.
CALL () {
  MATCH (n:Episode)
  WHERE ($ids IS NULL OR n.id IN $ids)
    AND ($kinds IS NULL OR n.kind IN $kinds)
    AND ($familyId IS NULL OR EXISTS { (:Family {id: $familyId})-[:HAS_EPISODE]->(n) })
    AND ($open IS NULL OR (n.closedAt IS NULL) = $open)
    AND ($openedAfter IS NULL OR n.openedAt >= $openedAfter)
    AND ($openedBefore IS NULL OR n.openedAt < $openedBefore)
  RETURN count(n) AS total
}
CALL () {
  MATCH (n:Episode)
  WHERE ($ids IS NULL OR n.id IN $ids)
    AND ($kinds IS NULL OR n.kind IN $kinds)
    AND ($familyId IS NULL OR EXISTS { (:Family {id: $familyId})-[:HAS_EPISODE]->(n) })
    AND ($open IS NULL OR (n.closedAt IS NULL) = $open)
    AND ($openedAfter IS NULL OR n.openedAt >= $openedAfter)
    AND ($openedBefore IS NULL OR n.openedAt < $openedBefore)
  WITH n
  ORDER BY CASE WHEN $descending THEN null ELSE n[$sortKey] END ASC,
           CASE WHEN $descending THEN n[$sortKey] END DESC, n.id ASC
  SKIP $skip LIMIT $limit
  RETURN collect(n {.id, .kind, .openedAt, .closedAt, .referralSource, .closureReason}) AS page
}
RETURN total, page
