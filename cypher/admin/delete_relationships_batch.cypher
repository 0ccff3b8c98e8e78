// Deletes up to $batch relationships, whatever their type: one bounded step of emptying
// the database (kb/storage/emptying.py). Used by the tests, the examples renderer and the
// bench, never by the API.
// Answers one row: deleted (how many; 0 when none are left).
// Parameters: $batch (integer > 0).
MATCH ()-[r]->()
WITH r LIMIT $batch
DELETE r
RETURN count(*) AS deleted
