// The boundary objects concerning these families (Family.boundaryObjects), oldest first.
// Parameters: $ids (list of parent ids; one batch of a per-request DataLoader).
// Answers one row per related entity: key (the parent id), labels, node (properties), rel.
UNWIND $ids AS key
MATCH (:Family {id: key})<-[:CONCERNS]-(m:BoundaryObject)
RETURN key, labels(m) AS labels, m {.id, .kind, .title, .createdAt} AS node, null AS rel
ORDER BY key, m.createdAt, m.id
