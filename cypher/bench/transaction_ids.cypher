// The ids of the transactions open now, this one included (`neo4j-transaction-<n>`): ids
// are numbered in order per database, so the difference between two calls, less one, is
// how many transactions began in between (the bench's transactions per request).
// Parameters: none.
SHOW TRANSACTIONS YIELD transactionId
RETURN transactionId
