// The tensions these professionals, agencies or clients are party to (their .tensions), oldest first.
// Parameters: $ids (list of parent ids; one batch of a per-request DataLoader).
// Answers one row per related entity: key (the parent id), labels, node (properties), rel.
UNWIND $ids AS key
MATCH (:Professional|Agency|Client {id: key})<-[:BETWEEN]-(m:Tension)
RETURN key, labels(m) AS labels, m {.id, .kind, .description, .raisedAt, .resolvedAt, .resolution} AS node, null AS rel
ORDER BY key, m.raisedAt, m.id
