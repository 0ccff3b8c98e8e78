// The offline rebuild's check: how many nodes and relationships the store holds, before
// the old store is let go. Parameters: none. Returns nodes, relationships (integers).
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships
