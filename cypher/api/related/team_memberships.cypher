// Who was a member of these teams, and when (Team.memberships / Team.members).
// Parameters: $ids (list of parent ids; one batch of a per-request DataLoader).
// Answers one row per related entity: key (the parent id), labels, node (properties), rel.
UNWIND $ids AS key
MATCH (:Team {id: key})<-[r:MEMBER_OF]-(m:Professional)
RETURN key, labels(m) AS labels, m {.id, .name, .profession} AS node, r {.from, .to, .role} AS rel
ORDER BY key, r.from, m.id
