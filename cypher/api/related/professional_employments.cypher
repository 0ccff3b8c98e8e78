// Where these professionals were employed, and when (Professional.employments).
// Parameters: $ids (list of parent ids; one batch of a per-request DataLoader).
// Answers one row per related entity: key (the parent id), labels, node (properties), rel.
UNWIND $ids AS key
MATCH (:Professional {id: key})-[r:EMPLOYED_BY]->(m:Agency)
RETURN key, labels(m) AS labels, m {.id, .name, .sector} AS node, r {.from, .to, .role} AS rel
ORDER BY key, r.from, m.id
