// Empties the database (nodes and relationships; the schema stays).
// Used by the tests to isolate one test from another, never by the API.
// Parameters: none.
MATCH (n) DETACH DELETE n
