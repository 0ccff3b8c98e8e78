// Whether family $familyId was deleted rather than erased: audit events of deleteNode
// on a Family naming it (made before such deletes were refused). Erasure then removes
// what the delete left (erasure/orphan_footprint). Parameters: $familyId (string).
// Returns events (integer).
MATCH (e:AuditEvent {operation: 'deleteFamily'})
WHERE $familyId IN e.ids
RETURN count(e) AS events
