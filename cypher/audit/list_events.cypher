// Audit events, newest first, optionally only one operation and/or one actor; keyset
// pagination on the id (ids are made in creation order: audit-<nanoseconds>-<random>).
// Parameters: $operation (string or null), $actor (string or null),
//             $afterId (string or null: the last id of the previous page), $limit (int).
// Returns id, at, actor, role, operation, ids.
MATCH (e:AuditEvent)
WHERE ($operation IS NULL OR e.operation = $operation)
  AND ($actor IS NULL OR e.actor = $actor)
  AND ($afterId IS NULL OR e.id < $afterId)
RETURN e.id AS id, e.at AS at, e.actor AS actor, e.role AS role,
       e.operation AS operation, e.ids AS ids
ORDER BY e.id DESC
LIMIT $limit
