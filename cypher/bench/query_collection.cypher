// What the query collector saw since `bench/query_collection_start`: each statement text
// with the number of times it ran (every invocation is counted, in or out of explicit
// transactions; the collector keeps only the last invocations' details, not the count).
// Parameters: none.
CALL db.stats.retrieve('QUERIES') YIELD data
RETURN data.query AS query, data.invocationSummary.invocationCount AS invocations
