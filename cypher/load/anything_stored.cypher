// Whether the database holds any node at all (the bulk first load, `kb load --initial`,
// writes only into an empty database). Answers one row: anything (bool).
// Parameters: none.
RETURN EXISTS { MATCH (n) } AS anything
