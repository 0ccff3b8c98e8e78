// The episodes of these families (Family.episodes), oldest first.
// Parameters: $ids (list of parent ids; one batch of a per-request DataLoader).
// Answers one row per related entity: key (the parent id), labels, node (properties), rel.
UNWIND $ids AS key
MATCH (:Family {id: key})-[:HAS_EPISODE]->(m:Episode)
RETURN key, labels(m) AS labels, m {.id, .kind, .openedAt, .closedAt, .referralSource, .closureReason} AS node, null AS rel
ORDER BY key, m.openedAt, m.id
