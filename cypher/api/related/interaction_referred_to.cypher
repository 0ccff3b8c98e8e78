// The agencies these interactions (referrals) referred the case to (Interaction.referredTo).
// Parameters: $ids (list of parent ids; one batch of a per-request DataLoader).
// Answers one row per related entity: key (the parent id), labels, node (properties), rel.
UNWIND $ids AS key
MATCH (:Interaction {id: key})-[:REFERRED_TO]->(m:Agency)
RETURN key, labels(m) AS labels, m {.id, .name, .sector} AS node, null AS rel
ORDER BY key, m.id
