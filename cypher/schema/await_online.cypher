// Waits until every index (constraints' included) is online, so that queries
// right after `kb schema apply` use them. Parameters: $seconds (integer).
CALL db.awaitIndexes($seconds)
