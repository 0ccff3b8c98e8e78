// Records that a load of a dataset has begun: MERGE the (:Dataset), CREATE its (:Load)
// with status 'RUNNING'. A load of the same dataset still RUNNING stopped without
// recording its end (its process or Neo4j died): it is marked 'INTERRUPTED' now.
// Parameters: $datasetId, $description, $loadId, $startedAt (DateTime), $strict (bool),
// $files (list of file paths as the manifest names them).
MERGE (d:Dataset {id: $datasetId})
  ON CREATE SET d.firstLoadedAt = $startedAt
SET d.description = $description
WITH d
CALL (d) {
  MATCH (d)-[:HAS_LOAD]->(earlier:Load {status: 'RUNNING'})
  SET earlier.status = 'INTERRUPTED',
      earlier.reason = 'it stopped without recording its end; found by load ' + $loadId
  RETURN count(earlier) AS interrupted
}
CREATE (l:Load {id: $loadId, datasetId: $datasetId, at: $startedAt, startedAt: $startedAt,
                status: 'RUNNING', strict: $strict, files: $files})
CREATE (d)-[:HAS_LOAD]->(l)
RETURN l.id AS id, interrupted
