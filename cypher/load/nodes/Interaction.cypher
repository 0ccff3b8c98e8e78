// Writes one batch of Interaction rows (file `interactions`) that are new or changed (the
// caller compared them first, `load/compare_nodes/Interaction`): MERGE on id, then every
// property and the provenance. Answers one row: rows (how many were written).
// Parameters: $rows (list of {id, props}; dates and instants as ISO-8601 text),
// $datasetId, $loadId, $loadedAt (DateTime).
UNWIND $rows AS row
MERGE (n:Interaction {id: row.id})
SET n.`kind` = row.props.`kind`,
    n.`at` = datetime(row.props.`at`),
    n.`endsAt` = datetime(row.props.`endsAt`),
    n.`level` = row.props.`level`,
    n.sourceDataset = $datasetId, n.sourceLoad = $loadId, n.loadedAt = $loadedAt
RETURN count(*) AS rows
