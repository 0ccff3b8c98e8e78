// The register of erased ids, as a load reads it once: every hash and its family's hash.
// Parameters: none. Returns hash, family (strings).
MATCH (x:ErasedId)
RETURN x.hash AS hash, x.family AS family
