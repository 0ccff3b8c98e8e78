// Audit events, newest first, optionally only one operation and/or one actor;
// keyset pagination on (at, id) after the cursor's event.
// Parameters: $operation (string or null), $actor (string or null),
//             $afterAt (DateTime or null), $afterId (string or null), $limit (int).
// Returns id, at, actor, role, operation, ids.
MATCH (e:AuditEvent)
WHERE ($operation IS NULL OR e.operation = $operation)
  AND ($actor IS NULL OR e.actor = $actor)
  AND ($afterAt IS NULL OR e.at < $afterAt OR (e.at = $afterAt AND e.id < $afterId))
RETURN e.id AS id, e.at AS at, e.actor AS actor, e.role AS role,
       e.operation AS operation, e.ids AS ids
ORDER BY e.at DESC, e.id DESC
LIMIT $limit
