// Which families these clients belonged to, and when (Client.memberships / Client.families).
// Parameters: $ids (list of parent ids; one batch of a per-request DataLoader).
// Answers one row per related entity: key (the parent id), labels, node (properties), rel.
UNWIND $ids AS key
MATCH (:Client {id: key})-[r:BELONGS_TO]->(m:Family)
RETURN key, labels(m) AS labels, m {.id, .reference} AS node, r {.from, .to, .relationship} AS rel
ORDER BY key, r.from, m.id
