// The erasures in the register, oldest first: each family's hash, how many ids, when.
// Parameters: none. Returns family (string), ids (integer), erasedAt (DateTime).
MATCH (x:ErasedId)
WITH x.family AS family, count(x) AS ids, min(x.erasedAt) AS erasedAt
RETURN family, ids, erasedAt
ORDER BY erasedAt, family
