// Which rows of a batch of EMPLOYED_BY rows (file `employed_by`) from Professional to Agency
// are stored already (same endpoints and the key (from)), and is each stored
// relationship the same as its row (every property equal, nulls included)?
// Rows whose endpoints are missing answer no row (the caller counts them).
// Answers one row per row whose endpoints exist: i (the row's number), stored, same.
// Parameters: $rows (list of {i, source, target, props}; dates as ISO-8601 text).
UNWIND $rows AS row
MATCH (s:Professional {id: row.source})
MATCH (t:Agency {id: row.target})
CALL (s, t, row) {
  OPTIONAL MATCH (s)-[old:EMPLOYED_BY {`from`: date(row.props.`from`)}]->(t)
  RETURN old LIMIT 1
}
RETURN row.i AS i, old IS NOT NULL AS stored,
    coalesce(old.`to` = date(row.props.`to`), old.`to` IS NULL AND date(row.props.`to`) IS NULL)
    AND coalesce(old.`role` = row.props.`role`, old.`role` IS NULL AND row.props.`role` IS NULL) AS same
