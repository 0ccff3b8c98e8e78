// The offline rebuild (kb db rebuild): every relationship as it is, its ends by elementId.
// Parameters: none. Returns start, end (elementIds), type (string), properties (map).
MATCH (a)-[r]->(b)
RETURN elementId(a) AS start, elementId(b) AS end, type(r) AS type, properties(r) AS properties
