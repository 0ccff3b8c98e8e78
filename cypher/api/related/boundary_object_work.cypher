// Which interactions worked on these boundary objects, how and in which section (BoundaryObject.workedOnBy), oldest first.
// Parameters: $ids (list of parent ids; one batch of a per-request DataLoader).
// Answers one row per related entity: key (the parent id), labels, node (properties), rel.
UNWIND $ids AS key
MATCH (:BoundaryObject {id: key})<-[r:WORKED_ON]-(m:Interaction)
RETURN key, labels(m) AS labels, m {.id, .kind, .at, .endsAt, .level} AS node, r {.action, .section} AS rel
ORDER BY key, m.at, m.id, r.action
