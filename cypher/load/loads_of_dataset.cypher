// Which loads of this dataset were recorded, oldest first, and how did each end?
// Answers one row per (:Load): its properties. Parameters: $datasetId.
MATCH (:Dataset {id: $datasetId})-[:HAS_LOAD]->(l:Load)
RETURN properties(l) AS load
ORDER BY l.startedAt
