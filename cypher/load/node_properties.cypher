// What is stored on the node with this id (provenance included)? Label-free, so it scans:
// meant for checks on small graphs (tests, a steward's spot check), not for the API.
// Answers at most one row: labels, props. Parameters: $id.
MATCH (n)
WHERE n.id = $id
RETURN labels(n) AS labels, properties(n) AS props
