// Which teams these professionals were members of, and when (Professional.memberships / teams).
// Parameters: $ids (list of parent ids; one batch of a per-request DataLoader).
// Answers one row per related entity: key (the parent id), labels, node (properties), rel.
UNWIND $ids AS key
MATCH (:Professional {id: key})-[r:MEMBER_OF]->(m:Team)
RETURN key, labels(m) AS labels, m {.id, .name, .type, .level} AS node, r {.from, .to, .role} AS rel
ORDER BY key, r.from, m.id
