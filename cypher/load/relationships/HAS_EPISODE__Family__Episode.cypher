// Loads one batch of HAS_EPISODE rows (file `has_episode`) from Family to Episode:
// MERGE on the endpoints and no key (one per pair); properties and provenance are
// set only when the relationship is new or a property really differs.
// Rows whose endpoints are missing produce no row (the caller counts them).
// Answers one row per outcome ('created', 'updated', 'unchanged') with its count.
// Parameters: $rows (list of {source, target, props}), $datasetId, $loadId, $loadedAt.
UNWIND $rows AS row
MATCH (s:Family {id: row.source})
MATCH (t:Episode {id: row.target})
CALL (s, t, row) {
  OPTIONAL MATCH (s)-[old:HAS_EPISODE]->(t)
  RETURN old LIMIT 1
}
WITH s, t, row, CASE WHEN old IS NULL THEN 'created'
            WHEN all(k IN keys(row.props) WHERE coalesce(old[k] = row.props[k], old[k] IS NULL AND row.props[k] IS NULL)) THEN 'unchanged'
            ELSE 'updated' END AS outcome
MERGE (s)-[r:HAS_EPISODE]->(t)
FOREACH (_ IN CASE WHEN outcome = 'unchanged' THEN [] ELSE [1] END |
  SET r += row.props, r.sourceDataset = $datasetId, r.sourceLoad = $loadId, r.loadedAt = $loadedAt)
RETURN outcome, count(*) AS rows
