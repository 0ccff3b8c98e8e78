// Whom each of these tensions is between: professionals, agencies, clients (Tension.between).
// Parameters: $ids (list of parent ids; one batch of a per-request DataLoader).
// Answers one row per related entity: key (the parent id), labels, node (properties), rel.
UNWIND $ids AS key
MATCH (:Tension {id: key})-[:BETWEEN]->(m:Professional|Agency|Client)
RETURN key, labels(m) AS labels, m {.id, .name, .profession, .sector, .role, .birthYear} AS node, null AS rel
ORDER BY key, m.id
