// Which rows of a batch of PART_OF rows (file `part_of`) from Interaction to Episode
// are stored already (same endpoints and no key (one per pair)), and is each stored
// relationship the same as its row (every property equal, nulls included)?
// Rows whose endpoints are missing answer no row (the caller counts them).
// Answers one row per row whose endpoints exist: i (the row's number), stored, same.
// Parameters: $rows (list of {i, source, target, props}; dates as ISO-8601 text).
UNWIND $rows AS row
MATCH (s:Interaction {id: row.source})
MATCH (t:Episode {id: row.target})
CALL (s, t, row) {
  OPTIONAL MATCH (s)-[old:PART_OF]->(t)
  RETURN old LIMIT 1
}
RETURN row.i AS i, old IS NOT NULL AS stored,
    true AS same
