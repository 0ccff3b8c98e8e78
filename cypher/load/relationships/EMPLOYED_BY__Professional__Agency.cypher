// Writes one batch of EMPLOYED_BY rows (file `employed_by`) from Professional to Agency that
// are new or changed (the caller compared them first,
// `load/compare_relationships/EMPLOYED_BY__Professional__Agency`): MERGE on the endpoints
// and the key (from), then every other property and the provenance.
// Rows whose endpoints are missing are not written (the caller counts them).
// Answers one row: rows (how many were written).
// Parameters: $rows (list of {i, source, target, props}; dates as ISO-8601 text),
// $datasetId, $loadId, $loadedAt (DateTime).
UNWIND $rows AS row
MATCH (s:Professional {id: row.source})
MATCH (t:Agency {id: row.target})
MERGE (s)-[r:EMPLOYED_BY {`from`: date(row.props.`from`)}]->(t)
SET r.`to` = date(row.props.`to`),
    r.`role` = row.props.`role`,
    r.sourceDataset = $datasetId, r.sourceLoad = $loadId, r.loadedAt = $loadedAt
RETURN count(*) AS rows
