// Erasure: in earlier audit events, replaces each erased id by its unlinkable token
// (computed by the caller with a random salt that is then thrown away).
// Parameters: $pseudonyms (map: erased id -> token). Returns events (count changed).
WITH $pseudonyms AS pseudonyms, keys($pseudonyms) AS erased
MATCH (e:AuditEvent)
WHERE any(x IN e.ids WHERE x IN erased)
SET e.ids = [x IN e.ids | coalesce(pseudonyms[x], x)]
RETURN count(e) AS events
