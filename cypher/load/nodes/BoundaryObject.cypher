// Writes one batch of BoundaryObject rows (file `boundary_objects`) that are new or changed (the
// caller compared them first, `load/compare_nodes/BoundaryObject`): MERGE on id, then every
// property and the provenance. Answers one row: rows (how many were written).
// Parameters: $rows (list of {id, props}; dates and instants as ISO-8601 text),
// $datasetId, $loadId, $loadedAt (DateTime).
UNWIND $rows AS row
MERGE (n:BoundaryObject {id: row.id})
SET n.`kind` = row.props.`kind`,
    n.`title` = row.props.`title`,
    n.`createdAt` = date(row.props.`createdAt`),
    n.sourceDataset = $datasetId, n.sourceLoad = $loadId, n.loadedAt = $loadedAt
RETURN count(*) AS rows
