// Writes one batch of BELONGS_TO rows (file `belongs_to`) from Client to Family that
// are new or changed (the caller compared them first,
// `load/compare_relationships/BELONGS_TO__Client__Family`): MERGE on the endpoints
// and the key (from), then every other property and the provenance.
// Rows whose endpoints are missing are not written (the caller counts them).
// Answers one row: rows (how many were written).
// Parameters: $rows (list of {i, source, target, props}; dates as ISO-8601 text),
// $datasetId, $loadId, $loadedAt (DateTime).
UNWIND $rows AS row
MATCH (s:Client {id: row.source})
MATCH (t:Family {id: row.target})
MERGE (s)-[r:BELONGS_TO {`from`: date(row.props.`from`)}]->(t)
SET r.`to` = date(row.props.`to`),
    r.`relationship` = row.props.`relationship`,
    r.sourceDataset = $datasetId, r.sourceLoad = $loadId, r.loadedAt = $loadedAt
RETURN count(*) AS rows
