// What each of these perspectives is on, a family or a boundary object (Perspective.on).
// Parameters: $ids (list of parent ids; one batch of a per-request DataLoader).
// Answers one row per related entity: key (the parent id), labels, node (properties), rel.
UNWIND $ids AS key
MATCH (:Perspective {id: key})-[:ON]->(m:Family|BoundaryObject)
RETURN key, labels(m) AS labels, m {.id, .reference, .kind, .title, .createdAt} AS node, null AS rel
ORDER BY key, m.id
