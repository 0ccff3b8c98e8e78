// Appends several audit events in one statement (the API's group commit): each event is
// who (key id and role) did what (operation) to which ids, as in record_event.
// Parameters: $events (list of maps {id, actor, role, operation, ids}).
// Returns one row: written, the number of events created.
UNWIND $events AS event
CREATE (e:AuditEvent {id: event.id, at: datetime(), actor: event.actor, role: event.role,
                      operation: event.operation, ids: event.ids})
RETURN count(e) AS written
