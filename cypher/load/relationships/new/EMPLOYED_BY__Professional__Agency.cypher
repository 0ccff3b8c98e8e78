// Writes one batch of EMPLOYED_BY rows (file `employed_by`) from Professional to Agency of
// which an endpoint is a node the same load created: no such relationship can be stored
// yet, so CREATE (no comparison, no MERGE), with every property and the provenance.
// Rows whose endpoints are missing are not written (the caller counts them).
// Answers one row: rows (how many were written).
// Parameters: $rows (list of {i, source, target, props}; dates as ISO-8601 text),
// $datasetId, $loadId, $loadedAt (DateTime).
UNWIND $rows AS row
MATCH (s:Professional {id: row.source})
MATCH (t:Agency {id: row.target})
CREATE (s)-[r:EMPLOYED_BY]->(t)
SET r.`from` = date(row.props.`from`),
    r.`to` = date(row.props.`to`),
    r.`role` = row.props.`role`,
    r.sourceDataset = $datasetId, r.sourceLoad = $loadId, r.loadedAt = $loadedAt
RETURN count(*) AS rows
