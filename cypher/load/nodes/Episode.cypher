// Writes one batch of Episode rows (file `episodes`) that are new or changed (the
// caller compared them first, `load/compare_nodes/Episode`): MERGE on id, then every
// property and the provenance. Answers one row: rows (how many were written).
// Parameters: $rows (list of {id, props}; dates and instants as ISO-8601 text),
// $datasetId, $loadId, $loadedAt (DateTime).
UNWIND $rows AS row
MERGE (n:Episode {id: row.id})
SET n.`kind` = row.props.`kind`,
    n.`openedAt` = date(row.props.`openedAt`),
    n.`closedAt` = date(row.props.`closedAt`),
    n.`referralSource` = row.props.`referralSource`,
    n.`closureReason` = row.props.`closureReason`,
    n.sourceDataset = $datasetId, n.sourceLoad = $loadId, n.loadedAt = $loadedAt
RETURN count(*) AS rows
