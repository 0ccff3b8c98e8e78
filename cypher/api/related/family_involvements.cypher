// Which professionals were involved with these families, in which role and when (Family.involvements).
// Parameters: $ids (list of parent ids; one batch of a per-request DataLoader).
// Answers one row per related entity: key (the parent id), labels, node (properties), rel.
UNWIND $ids AS key
MATCH (:Family {id: key})<-[r:INVOLVED_WITH]-(m:Professional)
RETURN key, labels(m) AS labels, m {.id, .name, .profession} AS node, r {.from, .to, .role, .onBehalfOf} AS rel
ORDER BY key, r.from, m.id, r.role
