// Writes one batch of INVOLVED_WITH rows (file `involved_with`) from Professional to Family that
// are new or changed (the caller compared them first,
// `load/compare_relationships/INVOLVED_WITH__Professional__Family`): MERGE on the endpoints
// and the key (role, from), then every other property and the provenance.
// Rows whose endpoints are missing are not written (the caller counts them).
// Answers one row: rows (how many were written).
// Parameters: $rows (list of {i, source, target, props}; dates as ISO-8601 text),
// $datasetId, $loadId, $loadedAt (DateTime).
UNWIND $rows AS row
MATCH (s:Professional {id: row.source})
MATCH (t:Family {id: row.target})
MERGE (s)-[r:INVOLVED_WITH {`from`: date(row.props.`from`), `role`: row.props.`role`}]->(t)
SET r.`to` = date(row.props.`to`),
    r.`onBehalfOf` = row.props.`onBehalfOf`,
    r.sourceDataset = $datasetId, r.sourceLoad = $loadId, r.loadedAt = $loadedAt
RETURN count(*) AS rows
