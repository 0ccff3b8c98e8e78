// Appends one audit event: who (key id and role) did what (operation) to which ids. An id
// whose keyed hash the erased-id register holds is written as its token instead, so an
// erased id is never written back in clear (kb/security/erased.py).
// Parameters: $id (string), $actor (string), $role (string), $operation (string),
//             $ids, $hashes, $tokens (lists of strings, one hash and token per id).
// Returns the event's id and time.
CREATE (e:AuditEvent {id: $id, at: datetime(), actor: $actor, role: $role,
                      operation: $operation,
                      ids: [k IN range(0, size($ids) - 1) |
                            CASE WHEN EXISTS { MATCH (:ErasedId {hash: $hashes[k]}) }
                                 THEN $tokens[k] ELSE $ids[k] END]})
RETURN e.id AS id, e.at AS at
