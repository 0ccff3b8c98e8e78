// Writes one batch of Family rows (file `families`) that are new or changed (the
// caller compared them first, `load/compare_nodes/Family`): MERGE on id, then every
// property and the provenance. Answers one row: rows (how many were written).
// Parameters: $rows (list of {id, props}; dates and instants as ISO-8601 text),
// $datasetId, $loadId, $loadedAt (DateTime).
UNWIND $rows AS row
MERGE (n:Family {id: row.id})
SET n.`reference` = row.props.`reference`,
    n.sourceDataset = $datasetId, n.sourceLoad = $loadId, n.loadedAt = $loadedAt
RETURN count(*) AS rows
