// Erasure: records the keyed hash of every id it removed (never the id) under the keyed
// hash of the family's id, so that a later load refuses those rows and a later audit
// event names them by their token (kb/security/erased.py).
// Parameters: $family (string, the family id's hash), $hashes (list of strings).
// Returns registered (how many hashes the register now holds for this erasure).
UNWIND $hashes AS hash
MERGE (x:ErasedId {hash: hash})
ON CREATE SET x.family = $family, x.erasedAt = datetime()
RETURN count(x) AS registered
