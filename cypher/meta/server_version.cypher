// Which Neo4j is this? Answers the server's version and edition (for /health and test headers).
// Parameters: none.
CALL dbms.components() YIELD versions, edition
RETURN versions[0] AS version, edition
