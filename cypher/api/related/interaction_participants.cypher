// Who took part in these interactions, professionals and clients, with their role (Interaction.participants).
// Parameters: $ids (list of parent ids; one batch of a per-request DataLoader).
// Answers one row per related entity: key (the parent id), labels, node (properties), rel.
UNWIND $ids AS key
MATCH (:Interaction {id: key})<-[r:PARTICIPATED_IN]-(m:Professional|Client)
RETURN key, labels(m) AS labels, m {.id, .name, .profession, .role, .birthYear} AS node, r {.role} AS rel
ORDER BY key, m.id
