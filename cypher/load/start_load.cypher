// Records that a load of a dataset has begun: MERGE the (:Dataset), CREATE its (:Load)
// with status 'RUNNING' (a load that never finishes keeps that status).
// Parameters: $datasetId, $description, $loadId, $startedAt (DateTime), $strict (bool),
// $files (list of file paths as the manifest names them).
MERGE (d:Dataset {id: $datasetId})
  ON CREATE SET d.firstLoadedAt = $startedAt
SET d.description = $description
CREATE (l:Load {id: $loadId, datasetId: $datasetId, at: $startedAt, startedAt: $startedAt,
                status: 'RUNNING', strict: $strict, files: $files})
CREATE (d)-[:HAS_LOAD]->(l)
RETURN l.id AS id
