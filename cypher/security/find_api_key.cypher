// The key whose token hashes to $hash, if it exists and is not revoked.
// Parameters: $hash (hex string). Returns at most one row: id, role, name.
MATCH (k:ApiKey {hash: $hash})
WHERE properties(k).revokedAt IS NULL
RETURN k.id AS id, k.role AS role, k.name AS name
