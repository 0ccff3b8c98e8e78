// Writes one batch of Team rows (file `teams`) that are new or changed (the
// caller compared them first, `load/compare_nodes/Team`): MERGE on id, then every
// property and the provenance. Answers one row: rows (how many were written).
// Parameters: $rows (list of {id, props}; dates and instants as ISO-8601 text),
// $datasetId, $loadId, $loadedAt (DateTime).
UNWIND $rows AS row
MERGE (n:Team {id: row.id})
SET n.`name` = row.props.`name`,
    n.`type` = row.props.`type`,
    n.`level` = row.props.`level`,
    n.sourceDataset = $datasetId, n.sourceLoad = $loadId, n.loadedAt = $loadedAt
RETURN count(*) AS rows
