// What does the database say about the last finished load of a dataset, for deciding
// which files need comparing: the write generation now, and that load's id, the
// generation its end was clean at (null when another write ran beside it) and its
// per-file fingerprints (JSON text). No row of the dataset's loads: nulls.
// Answers one row. Parameters: $datasetId.
OPTIONAL MATCH (g:WriteGeneration {scope: 'database'})
OPTIONAL MATCH (:Dataset {id: $datasetId})-[:HAS_LOAD]->(l:Load {status: 'DONE'})
WITH coalesce(g.value, 0) AS generation, l
ORDER BY l.startedAt DESC
LIMIT 1
RETURN generation, l.id AS loadId, l.cleanGeneration AS cleanGeneration,
       l.fingerprints AS fingerprints
