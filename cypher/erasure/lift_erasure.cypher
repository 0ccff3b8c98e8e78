// Lifting an erasure (ADMIN): forgets the hashes of one erased family's ids, so that a
// load writes that family's rows again. Parameters: $family (string, the family id's hash).
// Returns lifted (how many hashes were forgotten).
MATCH (x:ErasedId {family: $family})
DELETE x
RETURN count(*) AS lifted
