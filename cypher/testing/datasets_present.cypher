// TEST ONLY: which datasets does the database hold now? Lets a test module reuse data it
// loaded earlier instead of loading it for every test. Never used by the API.
// Parameters: none. Answers one row per (:Dataset): id.
MATCH (d:Dataset)
RETURN d.id AS id
ORDER BY id
