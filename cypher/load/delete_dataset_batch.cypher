// Deletes up to $limit nodes (with their relationships) that dataset $datasetId loaded,
// then its (:Dataset) and (:Load) nodes once none is left; run it until it answers 0.
// Label-free scan: used by the loader's memory bench to clean up after itself.
// Answers one row: deleted (how many nodes this call deleted). Parameters: $datasetId, $limit.
CALL () {
  MATCH (n)
  WHERE n.sourceDataset = $datasetId
  WITH n LIMIT $limit
  DETACH DELETE n
  RETURN count(*) AS nodes
}
CALL (nodes) {
  WITH nodes WHERE nodes = 0
  OPTIONAL MATCH (d:Dataset {id: $datasetId})
  OPTIONAL MATCH (d)-[:HAS_LOAD]->(l:Load)
  DETACH DELETE l, d
  RETURN count(*) AS meta
}
RETURN nodes AS deleted
