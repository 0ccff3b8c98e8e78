// Every family's id, for finding the families an imported register erased (their hashes
// are compared in Python: the key never reaches the database). Parameters: none.
// Returns id (string).
MATCH (f:Family)
RETURN f.id AS id
