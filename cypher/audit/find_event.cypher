// One audit event by id (to resume pagination after it).
// Parameters: $id (string). Returns id and at; no row if unknown.
MATCH (e:AuditEvent {id: $id})
RETURN e.id AS id, e.at AS at
