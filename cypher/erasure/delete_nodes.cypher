// Deletes the nodes erasure found (see family_footprint) and every relationship they have.
// Each list is looked up under its own label (index-backed), so no other node can be hit.
// Parameters: $family (string), $clients, $episodes, $interactions, $boundaryObjects,
// $perspectives, $tensions (lists of strings).
// Returns nodes (count deleted) and relationships (count removed with them, each once).
CALL () { MATCH (n:Family {id: $family}) RETURN collect(n) AS families }
CALL () { MATCH (n:Client) WHERE n.id IN $clients RETURN collect(n) AS clients }
CALL () { MATCH (n:Episode) WHERE n.id IN $episodes RETURN collect(n) AS episodes }
CALL () {
  MATCH (n:Interaction) WHERE n.id IN $interactions RETURN collect(n) AS interactions
}
CALL () {
  MATCH (n:BoundaryObject) WHERE n.id IN $boundaryObjects RETURN collect(n) AS boundaryObjects
}
CALL () {
  MATCH (n:Perspective) WHERE n.id IN $perspectives RETURN collect(n) AS perspectives
}
CALL () { MATCH (n:Tension) WHERE n.id IN $tensions RETURN collect(n) AS tensions }
WITH families + clients + episodes + interactions + boundaryObjects + perspectives + tensions
     AS doomed
CALL (doomed) {
  UNWIND doomed AS n
  OPTIONAL MATCH (n)-[r]-()
  RETURN count(DISTINCT r) AS relationships
}
CALL (doomed) {
  UNWIND doomed AS n
  DETACH DELETE n
  RETURN count(*) AS nodes
}
RETURN nodes, relationships
