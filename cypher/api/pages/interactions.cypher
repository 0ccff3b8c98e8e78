// One page of interactions for the root `interactions` connection, filtered and sorted.
// Parameters: $ids, $kinds, $levels (lists or null), $familyId, $episodeId, $participantId
// (strings or null), $atAfter (DateTime or null, inclusive), $atBefore (DateTime or null,
// exclusive), $sortKey (a property name from the API's whitelist), $descending, $skip, $limit.
// Order: by the whitelisted property $sortKey ($descending flips it), ties broken by id.
// Answers one row: total (all matches) and page (the model's properties of the matches
// $skip .. $skip+$limit). Counting and the top-k sort of the page are separate scans,
// cheaper than sorting every match.
CALL () {
  MATCH (n:Interaction)
  WHERE ($ids IS NULL OR n.id IN $ids)
    AND ($kinds IS NULL OR n.kind IN $kinds)
    AND ($levels IS NULL OR n.level IN $levels)
    AND ($atAfter IS NULL OR n.at >= $atAfter)
    AND ($atBefore IS NULL OR n.at < $atBefore)
    AND ($familyId IS NULL OR EXISTS { (n)-[:CONCERNS]->(:Family {id: $familyId}) })
    AND ($episodeId IS NULL OR EXISTS { (n)-[:PART_OF]->(:Episode {id: $episodeId}) })
    AND ($participantId IS NULL OR EXISTS { (:Professional|Client {id: $participantId})-[:PARTICIPATED_IN]->(n) })
  RETURN count(n) AS total
}
CALL () {
  MATCH (n:Interaction)
  WHERE ($ids IS NULL OR n.id IN $ids)
    AND ($kinds IS NULL OR n.kind IN $kinds)
    AND ($levels IS NULL OR n.level IN $levels)
    AND ($atAfter IS NULL OR n.at >= $atAfter)
    AND ($atBefore IS NULL OR n.at < $atBefore)
    AND ($familyId IS NULL OR EXISTS { (n)-[:CONCERNS]->(:Family {id: $familyId}) })
    AND ($episodeId IS NULL OR EXISTS { (n)-[:PART_OF]->(:Episode {id: $episodeId}) })
    AND ($participantId IS NULL OR EXISTS { (:Professional|Client {id: $participantId})-[:PARTICIPATED_IN]->(n) })
  WITH n
  ORDER BY CASE WHEN $descending THEN null ELSE n[$sortKey] END ASC,
           CASE WHEN $descending THEN n[$sortKey] END DESC, n.id ASC
  SKIP $skip LIMIT $limit
  RETURN collect(n {.id, .kind, .at, .endsAt, .level}) AS page
}
RETURN total, page
