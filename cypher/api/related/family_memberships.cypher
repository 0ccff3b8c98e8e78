// Which clients belonged to these families, and when (Family.memberships / Family.clients).
// Parameters: $ids (list of parent ids; one batch of a per-request DataLoader).
// Answers one row per related entity: key (the parent id), labels, node (properties), rel.
UNWIND $ids AS key
MATCH (:Family {id: key})<-[r:BELONGS_TO]-(m:Client)
RETURN key, labels(m) AS labels, m {.id, .name, .role, .birthYear} AS node, r {.from, .to, .relationship} AS rel
ORDER BY key, r.from, m.id
