// Starts Neo4j's query collector afresh (stopping and clearing any earlier collection), so
// that `bench/query_collection` counts exactly the statements sent from now on, by any client.
// The bench counts statements per request with it (the query log is Enterprise-only).
// Parameters: none.
CALL db.stats.stop('QUERIES') YIELD success AS stopped
CALL db.stats.clear('QUERIES') YIELD success AS cleared
CALL db.stats.collect('QUERIES') YIELD success AS started
RETURN started
