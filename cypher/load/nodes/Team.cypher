// Loads one batch of Team rows (file `teams`): MERGE on id; properties and
// provenance are set only when the node is new or a property really differs.
// Answers one row per outcome ('created', 'updated', 'unchanged') with its count.
// Parameters: $rows (list of {id, props}), $datasetId, $loadId, $loadedAt (DateTime).
UNWIND $rows AS row
OPTIONAL MATCH (old:Team {id: row.id})
WITH row, CASE WHEN old IS NULL THEN 'created'
            WHEN all(k IN keys(row.props) WHERE coalesce(old[k] = row.props[k], old[k] IS NULL AND row.props[k] IS NULL)) THEN 'unchanged'
            ELSE 'updated' END AS outcome
MERGE (n:Team {id: row.id})
FOREACH (_ IN CASE WHEN outcome = 'unchanged' THEN [] ELSE [1] END |
  SET n += row.props, n.sourceDataset = $datasetId, n.sourceLoad = $loadId, n.loadedAt = $loadedAt)
RETURN outcome, count(*) AS rows
