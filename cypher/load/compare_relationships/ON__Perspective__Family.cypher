// Which rows of a batch of ON rows (file `on`) from Perspective to Family
// are stored already (same endpoints and no key (one per pair)), and is each stored
// relationship the same as its row (every property equal, nulls included)?
// Answers one row of row numbers: created (not stored yet), unchanged, updated; rows
// whose endpoints are missing are not named (the caller counts them). One row of lists,
// not a row per row: on a reload the answer is what the client spends time on.
// Parameters: $rows (list of {i, source, target, props}; dates as ISO-8601 text).
UNWIND $rows AS row
MATCH (s:Perspective {id: row.source})
MATCH (t:Family {id: row.target})
CALL (s, t, row) {
  OPTIONAL MATCH (s)-[old:ON]->(t)
  RETURN old LIMIT 1
}
WITH row.i AS i, old IS NOT NULL AS stored,
    true AS same
RETURN collect(CASE WHEN NOT stored THEN i END) AS created,
    collect(CASE WHEN stored AND same THEN i END) AS unchanged,
    collect(CASE WHEN stored AND NOT same THEN i END) AS updated
