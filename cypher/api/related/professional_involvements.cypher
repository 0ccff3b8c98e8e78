// Which families these professionals were involved with, in which role and when (Professional.involvements / families).
// Parameters: $ids (list of parent ids; one batch of a per-request DataLoader).
// Answers one row per related entity: key (the parent id), labels, node (properties), rel.
UNWIND $ids AS key
MATCH (:Professional {id: key})-[r:INVOLVED_WITH]->(m:Family)
RETURN key, labels(m) AS labels, m {.id, .reference} AS node, r {.from, .to, .role, .onBehalfOf} AS rel
ORDER BY key, r.from, m.id, r.role
