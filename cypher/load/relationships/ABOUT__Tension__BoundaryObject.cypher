// Writes one batch of ABOUT rows (file `about`) from Tension to BoundaryObject that
// are new or changed (the caller compared them first,
// `load/compare_relationships/ABOUT__Tension__BoundaryObject`): MERGE on the endpoints
// and no key (one per pair), then every other property and the provenance.
// Rows whose endpoints are missing are not written (the caller counts them).
// Answers one row: rows (how many were written).
// Parameters: $rows (list of {i, source, target, props}; dates as ISO-8601 text),
// $datasetId, $loadId, $loadedAt (DateTime).
UNWIND $rows AS row
MATCH (s:Tension {id: row.source})
MATCH (t:BoundaryObject {id: row.target})
MERGE (s)-[r:ABOUT]->(t)
SET r.sourceDataset = $datasetId, r.sourceLoad = $loadId, r.loadedAt = $loadedAt
RETURN count(*) AS rows
