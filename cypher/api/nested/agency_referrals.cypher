// The referrals (interactions) that referred a case to each of these agencies (Agency.referralsReceived).
// One batch of a per-request DataLoader: every parent of the batch shares the page window.
// Parameters: $ids (parent ids), $kinds (list or null), $atAfter (DateTime or null, inclusive),
// $atBefore (DateTime or null, exclusive), $descending (bool: latest first), $skip, $limit.
// Answers one row per parent found: key, total (all matching interactions), page (properties of
// the interactions $skip .. $skip+$limit in order of `at`, ties broken by id).
UNWIND $ids AS key
MATCH (p:Agency {id: key})
CALL (p) {
  MATCH (p)<-[:REFERRED_TO]-(n:Interaction)
  WHERE ($kinds IS NULL OR n.kind IN $kinds)
    AND ($atAfter IS NULL OR n.at >= $atAfter)
    AND ($atBefore IS NULL OR n.at < $atBefore)
  WITH DISTINCT n
  ORDER BY CASE WHEN $descending THEN null ELSE n.at END ASC,
           CASE WHEN $descending THEN n.at END DESC, n.id ASC
  RETURN collect(n) AS matched
}
RETURN key, size(matched) AS total, [m IN matched[$skip..($skip + $limit)] | m {.id, .kind, .at, .endsAt, .level}] AS page
