// Who holds each of these perspectives, a professional or a client (Perspective.holder).
// Parameters: $ids (list of parent ids; one batch of a per-request DataLoader).
// Answers one row per related entity: key (the parent id), labels, node (properties), rel.
UNWIND $ids AS key
MATCH (:Perspective {id: key})<-[:HOLDS]-(m:Professional|Client)
RETURN key, labels(m) AS labels, m {.id, .name, .profession, .role, .birthYear} AS node, null AS rel
ORDER BY key, m.id
