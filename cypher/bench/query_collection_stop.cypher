// Stops the query collector (`bench/query_collection_start` started it) and drops what it held.
// Parameters: none.
CALL db.stats.stop('QUERIES') YIELD success AS stopped
CALL db.stats.clear('QUERIES') YIELD success AS cleared
RETURN stopped, cleared
