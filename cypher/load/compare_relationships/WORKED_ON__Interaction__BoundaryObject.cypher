// Which rows of a batch of WORKED_ON rows (file `worked_on`) from Interaction to BoundaryObject
// are stored already (same endpoints and the key (action)), and is each stored
// relationship the same as its row (every property equal, nulls included)?
// Rows whose endpoints are missing answer no row (the caller counts them).
// Answers one row per row whose endpoints exist: i (the row's number), stored, same.
// Parameters: $rows (list of {i, source, target, props}; dates as ISO-8601 text).
UNWIND $rows AS row
MATCH (s:Interaction {id: row.source})
MATCH (t:BoundaryObject {id: row.target})
CALL (s, t, row) {
  OPTIONAL MATCH (s)-[old:WORKED_ON {`action`: row.props.`action`}]->(t)
  RETURN old LIMIT 1
}
RETURN row.i AS i, old IS NOT NULL AS stored,
    coalesce(old.`section` = row.props.`section`, old.`section` IS NULL AND row.props.`section` IS NULL) AS same
