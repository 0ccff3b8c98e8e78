// Writes one batch of ON rows (file `on`) from Perspective to Family that
// are new or changed (the caller compared them first,
// `load/compare_relationships/ON__Perspective__Family`): MERGE on the endpoints
// and no key (one per pair), then every other property and the provenance.
// Rows whose endpoints are missing are not written (the caller counts them).
// Answers one row: rows (how many were written).
// Parameters: $rows (list of {i, source, target, props}; dates as ISO-8601 text),
// $datasetId, $loadId, $loadedAt (DateTime).
UNWIND $rows AS row
MATCH (s:Perspective {id: row.source})
MATCH (t:Family {id: row.target})
MERGE (s)-[r:ON]->(t)
SET r.sourceDataset = $datasetId, r.sourceLoad = $loadId, r.loadedAt = $loadedAt
RETURN count(*) AS rows
