// Appends one audit event: who (key id and role) did what (operation) to which ids.
// Parameters: $id (string), $actor (string), $role (string), $operation (string),
//             $ids (list of strings). Returns the event's id and time.
CREATE (e:AuditEvent {id: $id, at: datetime(), actor: $actor, role: $role,
                      operation: $operation, ids: $ids})
RETURN e.id AS id, e.at AS at
