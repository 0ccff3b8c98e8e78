// Which entities have these ids? The GraphQL `node(id:)` field, polymorphic fields
// (Involvement.onBehalfOf) and the existence check of id filters (familyId...).
// Only the model's ten labels are looked at (never Dataset, Load, ApiKey, AuditEvent).
// Parameters: $ids (list of strings).
// Answers one row per id found: key (the id), labels, node (all properties).
UNWIND $ids AS key
MATCH (n:Agency|Team|Professional|Family|Client|Episode|Interaction|BoundaryObject|Perspective|Tension {id: key})
RETURN key, labels(n) AS labels, n {.*} AS node
