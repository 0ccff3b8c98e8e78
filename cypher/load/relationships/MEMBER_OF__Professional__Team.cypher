// Writes one batch of MEMBER_OF rows (file `member_of`) from Professional to Team that
// are new or changed (the caller compared them first,
// `load/compare_relationships/MEMBER_OF__Professional__Team`): MERGE on the endpoints
// and the key (from), then every other property and the provenance.
// Rows whose endpoints are missing are not written (the caller counts them).
// Answers one row: rows (how many were written).
// Parameters: $rows (list of {i, source, target, props}; dates as ISO-8601 text),
// $datasetId, $loadId, $loadedAt (DateTime).
UNWIND $rows AS row
MATCH (s:Professional {id: row.source})
MATCH (t:Team {id: row.target})
MERGE (s)-[r:MEMBER_OF {`from`: date(row.props.`from`)}]->(t)
SET r.`to` = date(row.props.`to`),
    r.`role` = row.props.`role`,
    r.sourceDataset = $datasetId, r.sourceLoad = $loadId, r.loadedAt = $loadedAt
RETURN count(*) AS rows
