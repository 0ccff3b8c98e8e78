// Who was employed by these agencies, and when (Agency.employments / Agency.professionals).
// Parameters: $ids (list of parent ids; one batch of a per-request DataLoader).
// Answers one row per related entity: key (the parent id), labels, node (properties), rel.
UNWIND $ids AS key
MATCH (:Agency {id: key})<-[r:EMPLOYED_BY]-(m:Professional)
RETURN key, labels(m) AS labels, m {.id, .name, .profession} AS node, r {.from, .to, .role} AS rel
ORDER BY key, r.from, m.id
