// The family each of these interactions concerns (Interaction.family).
// Parameters: $ids (list of parent ids; one batch of a per-request DataLoader).
// Answers one row per related entity: key (the parent id), labels, node (properties), rel.
UNWIND $ids AS key
MATCH (:Interaction {id: key})-[:CONCERNS]->(m:Family)
RETURN key, labels(m) AS labels, m {.id, .reference} AS node, null AS rel
ORDER BY key, m.id
