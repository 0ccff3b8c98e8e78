// The perspectives each of these perspectives revises (Perspective.revises).
// Parameters: $ids (list of parent ids; one batch of a per-request DataLoader).
// Answers one row per related entity: key (the parent id), labels, node (properties), rel.
UNWIND $ids AS key
MATCH (:Perspective {id: key})-[:REVISES]->(m:Perspective)
RETURN key, labels(m) AS labels, m {.id, .statement, .at} AS node, null AS rel
ORDER BY key, m.at, m.id
