// Deletes up to $limit relationships that dataset $datasetId loaded; run it until it
// answers 0, then `load/delete_dataset_batch` for the nodes (deleting relationships
// first keeps each transaction small even around a node with very many of them).
// Label-free scan: used by the loader's memory bench to clean up after itself.
// Answers one row: deleted. Parameters: $datasetId, $limit.
MATCH ()-[r]->()
WHERE r.sourceDataset = $datasetId
WITH r LIMIT $limit
DELETE r
RETURN count(*) AS deleted
