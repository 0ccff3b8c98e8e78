// What each of these tensions is about: families, boundary objects, interactions (Tension.about).
// Parameters: $ids (list of parent ids; one batch of a per-request DataLoader).
// Answers one row per related entity: key (the parent id), labels, node (properties), rel.
UNWIND $ids AS key
MATCH (:Tension {id: key})-[:ABOUT]->(m:Family|BoundaryObject|Interaction)
RETURN key, labels(m) AS labels, m {.id, .reference, .kind, .title, .createdAt, .at, .endsAt, .level} AS node, null AS rel
ORDER BY key, m.id
