// The erased-id register as a file keeps it (kb erasures export): hashes only, never an id,
// so a restored backup can be re-erased from it. Parameters: none.
// Returns hash, family (strings), erasedAt (DateTime), oldest first.
MATCH (x:ErasedId)
RETURN x.hash AS hash, x.family AS family, x.erasedAt AS erasedAt
ORDER BY erasedAt, hash
