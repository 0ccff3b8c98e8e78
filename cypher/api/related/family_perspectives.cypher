// The perspectives around these families: on the family itself or on one of its boundary
// objects (Family.perspectives), oldest first.
// Parameters: $ids (list of parent ids; one batch of a per-request DataLoader).
// Answers one row per related entity: key (the parent id), labels, node (properties), rel.
UNWIND $ids AS key
MATCH (f:Family {id: key})
CALL (f) {
  MATCH (f)<-[:ON]-(m:Perspective) RETURN m
  UNION
  MATCH (f)<-[:CONCERNS]-(:BoundaryObject)<-[:ON]-(m:Perspective) RETURN m
}
RETURN key, labels(m) AS labels, m {.id, .statement, .at} AS node, null AS rel
ORDER BY key, m.at, m.id
