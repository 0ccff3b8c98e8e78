// Appends several audit events in one statement (the API's group commit): each event is
// who (key id and role) did what (operation) to which ids, as in record_event, an erased
// id written as its token.
// Parameters: $events (list of maps {id, actor, role, operation, ids, hashes, tokens}).
// Returns one row: written, the number of events created.
UNWIND $events AS event
CREATE (e:AuditEvent {id: event.id, at: datetime(), actor: event.actor, role: event.role,
                      operation: event.operation,
                      ids: [k IN range(0, size(event.ids) - 1) |
                            CASE WHEN EXISTS { MATCH (:ErasedId {hash: event.hashes[k]}) }
                                 THEN event.tokens[k] ELSE event.ids[k] END]})
RETURN count(e) AS written
