// The tensions around these families: about the family itself, one of its boundary objects
// or one of its interactions (Family.tensions), oldest first.
// Parameters: $ids (list of parent ids; one batch of a per-request DataLoader).
// Answers one row per related entity: key (the parent id), labels, node (properties), rel.
UNWIND $ids AS key
MATCH (f:Family {id: key})
CALL (f) {
  MATCH (f)<-[:ABOUT]-(m:Tension) RETURN m
  UNION
  MATCH (f)<-[:CONCERNS]-(:BoundaryObject|Interaction)<-[:ABOUT]-(m:Tension) RETURN m
}
RETURN key, labels(m) AS labels, m {.id, .kind, .description, .raisedAt, .resolvedAt, .resolution} AS node, null AS rel
ORDER BY key, m.raisedAt, m.id
