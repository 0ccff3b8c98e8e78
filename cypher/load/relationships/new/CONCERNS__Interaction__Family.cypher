// Writes one batch of CONCERNS rows (file `concerns`) from Interaction to Family of
// which an endpoint is a node the same load created: no such relationship can be stored
// yet, so CREATE (no comparison, no MERGE), with every property and the provenance.
// Rows whose endpoints are missing are not written (the caller counts them).
// Answers one row: rows (how many were written).
// Parameters: $rows (list of {i, source, target, props}; dates as ISO-8601 text),
// $datasetId, $loadId, $loadedAt (DateTime).
UNWIND $rows AS row
MATCH (s:Interaction {id: row.source})
MATCH (t:Family {id: row.target})
CREATE (s)-[r:CONCERNS]->(t)
SET r.sourceDataset = $datasetId, r.sourceLoad = $loadId, r.loadedAt = $loadedAt
RETURN count(*) AS rows
