// Revokes the key $id (keeps the first revocation time when revoked twice).
// Parameters: $id (string). Returns the key's id and revokedAt; no row if there is no such key.
MATCH (k:ApiKey {id: $id})
SET k.revokedAt = coalesce(properties(k).revokedAt, datetime())
RETURN k.id AS id, k.revokedAt AS revokedAt
