// Which boundary objects these interactions worked on, how and in which section (Interaction.boundaryObjects).
// Parameters: $ids (list of parent ids; one batch of a per-request DataLoader).
// Answers one row per related entity: key (the parent id), labels, node (properties), rel.
UNWIND $ids AS key
MATCH (:Interaction {id: key})-[r:WORKED_ON]->(m:BoundaryObject)
RETURN key, labels(m) AS labels, m {.id, .kind, .title, .createdAt} AS node, r {.action, .section} AS rel
ORDER BY key, m.id, r.action
