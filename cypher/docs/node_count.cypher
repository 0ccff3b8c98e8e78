// How many nodes the database holds: docs/examples/render.py refuses to load the seed
// into a database that is not empty (unless told to empty it with --reset).
// Parameters: none. Answers one row: nodes.
MATCH (n)
RETURN count(n) AS nodes
