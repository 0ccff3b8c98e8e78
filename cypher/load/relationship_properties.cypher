// What is stored on the relationships of one type between two nodes (provenance included)?
// Label-free endpoints, so it scans: meant for checks on small graphs (tests, spot checks).
// Answers one row per relationship: props. Parameters: $source, $target (ids), $type.
MATCH (s)-[r]->(t)
WHERE s.id = $source AND t.id = $target AND type(r) = $type
RETURN properties(r) AS props
