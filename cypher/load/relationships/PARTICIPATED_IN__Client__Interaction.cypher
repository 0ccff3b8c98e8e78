// Writes one batch of PARTICIPATED_IN rows (file `participated_in`) from Client to Interaction that
// are new or changed (the caller compared them first,
// `load/compare_relationships/PARTICIPATED_IN__Client__Interaction`): MERGE on the endpoints
// and no key (one per pair), then every other property and the provenance.
// Rows whose endpoints are missing are not written (the caller counts them).
// Answers one row: rows (how many were written).
// Parameters: $rows (list of {i, source, target, props}; dates as ISO-8601 text),
// $datasetId, $loadId, $loadedAt (DateTime).
UNWIND $rows AS row
MATCH (s:Client {id: row.source})
MATCH (t:Interaction {id: row.target})
MERGE (s)-[r:PARTICIPATED_IN]->(t)
SET r.`role` = row.props.`role`,
    r.sourceDataset = $datasetId, r.sourceLoad = $loadId, r.loadedAt = $loadedAt
RETURN count(*) AS rows
