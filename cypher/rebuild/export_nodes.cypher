// The offline rebuild (kb db rebuild): every node as it is, for writing into a fresh store.
// Parameters: none. Returns key (the node's elementId, only to join relationships),
// labels (list of strings), properties (map).
MATCH (n)
RETURN elementId(n) AS key, labels(n) AS labels, properties(n) AS properties
