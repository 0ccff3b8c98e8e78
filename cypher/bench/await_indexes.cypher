// Waits until every index is online (after the schema is applied to an imported store),
// so the first measured queries do not race index population.
// Parameters: $seconds (how long to wait at most).
CALL db.awaitIndexes($seconds)
