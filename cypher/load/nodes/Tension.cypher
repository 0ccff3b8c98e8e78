// Writes one batch of Tension rows (file `tensions`) that are new or changed (the
// caller compared them first, `load/compare_nodes/Tension`): MERGE on id, then every
// property and the provenance. Answers one row: rows (how many were written).
// Parameters: $rows (list of {id, props}; dates and instants as ISO-8601 text),
// $datasetId, $loadId, $loadedAt (DateTime).
UNWIND $rows AS row
MERGE (n:Tension {id: row.id})
SET n.`kind` = row.props.`kind`,
    n.`description` = row.props.`description`,
    n.`raisedAt` = datetime(row.props.`raisedAt`),
    n.`resolvedAt` = datetime(row.props.`resolvedAt`),
    n.`resolution` = row.props.`resolution`,
    n.sourceDataset = $datasetId, n.sourceLoad = $loadId, n.loadedAt = $loadedAt
RETURN count(*) AS rows
