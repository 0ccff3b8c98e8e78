// First step of an erasure: takes the write lock on family $familyId (by setting a
// property the erasure then deletes with the node), so that a concurrent write linking
// something to the family waits until the erasure has committed, instead of slipping in
// between the footprint being read and the nodes being deleted.
// Parameters: $familyId (string). Returns the family's id; no row if there is no such family.
MATCH (f:Family {id: $familyId})
SET f.erasing = true
RETURN f.id AS id
