// The family each of these episodes belongs to (Episode.family).
// Parameters: $ids (list of parent ids; one batch of a per-request DataLoader).
// Answers one row per related entity: key (the parent id), labels, node (properties), rel.
UNWIND $ids AS key
MATCH (:Episode {id: key})<-[:HAS_EPISODE]-(m:Family)
RETURN key, labels(m) AS labels, m {.id, .reference} AS node, null AS rel
ORDER BY key, m.id
