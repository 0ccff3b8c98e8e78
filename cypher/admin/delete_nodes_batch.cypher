// Deletes up to $batch nodes, whatever their labels (with any relationship still on them):
// one bounded step of emptying the database (kb/storage/emptying.py), run after the
// relationships are gone. The schema (constraints, indexes) stays. Used by the tests, the
// examples renderer and the bench, never by the API.
// Answers one row: deleted (how many; 0 when none are left).
// Parameters: $batch (integer > 0).
MATCH (n)
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted
