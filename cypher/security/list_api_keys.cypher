// Every API key (revoked ones too), oldest first; hashes are not returned.
// Parameters: none. Returns id, role, name, createdAt, revokedAt.
MATCH (k:ApiKey)
RETURN k.id AS id, k.role AS role, k.name AS name, k.createdAt AS createdAt,
       properties(k).revokedAt AS revokedAt
ORDER BY k.createdAt, k.id
