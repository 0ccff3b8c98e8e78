// The offline rebuild: writes a batch of exported relationships between rebuilt nodes.
// Parameters: $rows (list of maps {start, end (new elementIds), type, properties}).
// Returns written (how many relationships were created).
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.start
MATCH (b) WHERE elementId(b) = row.end
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.properties
RETURN count(r) AS written
