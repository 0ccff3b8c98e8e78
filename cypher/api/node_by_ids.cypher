// Which entities have these ids? The GraphQL `node(id:)` field, polymorphic fields
// (Involvement.onBehalfOf) and the existence check of id filters (familyId...).
// Only the model's ten labels are looked at (never Dataset, Load, ApiKey, AuditEvent).
// Parameters: $ids (list of strings).
// Answers one row per id found: key (the id), labels, node (the model's properties of every
// label; those a label does not have are null). Provenance properties are not sent.
UNWIND $ids AS key
MATCH (n:Agency|Team|Professional|Family|Client|Episode|Interaction|BoundaryObject|Perspective|Tension {id: key})
RETURN key, labels(n) AS labels, n {.id, .name, .sector, .type, .level, .profession, .reference, .role, .birthYear,
           .kind, .openedAt, .closedAt, .referralSource, .closureReason,
           .at, .endsAt, .title, .createdAt, .statement, .description, .raisedAt, .resolvedAt, .resolution} AS node
