// Writes one batch of WORKED_ON rows (file `worked_on`) from Interaction to BoundaryObject that
// are new or changed (the caller compared them first,
// `load/compare_relationships/WORKED_ON__Interaction__BoundaryObject`): MERGE on the endpoints
// and the key (action), then every other property and the provenance.
// Rows whose endpoints are missing are not written (the caller counts them).
// Answers one row: rows (how many were written).
// Parameters: $rows (list of {i, source, target, props}; dates as ISO-8601 text),
// $datasetId, $loadId, $loadedAt (DateTime).
UNWIND $rows AS row
MATCH (s:Interaction {id: row.source})
MATCH (t:BoundaryObject {id: row.target})
MERGE (s)-[r:WORKED_ON {`action`: row.props.`action`}]->(t)
SET r.`section` = row.props.`section`,
    r.sourceDataset = $datasetId, r.sourceLoad = $loadId, r.loadedAt = $loadedAt
RETURN count(*) AS rows
