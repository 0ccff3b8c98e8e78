// Stores a new API key: only the hash of its token is kept, never the token.
// Parameters: $id (string), $hash (hex string), $role (ANALYST|STEWARD|ADMIN), $name (string).
// Returns the key's id, role, name and createdAt.
CREATE (k:ApiKey {id: $id, hash: $hash, role: $role, name: $name,
                  createdAt: datetime()})
RETURN k.id AS id, k.role AS role, k.name AS name, k.createdAt AS createdAt,
       null AS revokedAt
