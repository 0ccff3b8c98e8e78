// The offline rebuild: writes a batch of exported nodes into the fresh store.
// Parameters: $rows (list of maps {key, labels, properties}; labels never empty).
// Returns key (the exported elementId) and id (the new node's elementId), one row each.
UNWIND $rows AS row
CREATE (n:$(row.labels))
SET n = row.properties
RETURN row.key AS key, elementId(n) AS id
