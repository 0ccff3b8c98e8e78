// Which rows of a batch of INVOLVED_WITH rows (file `involved_with`) from Professional to Family
// are stored already (same endpoints and the key (role, from)), and is each stored
// relationship the same as its row (every property equal, nulls included)?
// Rows whose endpoints are missing answer no row (the caller counts them).
// Answers one row per row whose endpoints exist: i (the row's number), stored, same.
// Parameters: $rows (list of {i, source, target, props}; dates as ISO-8601 text).
UNWIND $rows AS row
MATCH (s:Professional {id: row.source})
MATCH (t:Family {id: row.target})
CALL (s, t, row) {
  OPTIONAL MATCH (s)-[old:INVOLVED_WITH {`from`: date(row.props.`from`), `role`: row.props.`role`}]->(t)
  RETURN old LIMIT 1
}
RETURN row.i AS i, old IS NOT NULL AS stored,
    coalesce(old.`to` = date(row.props.`to`), old.`to` IS NULL AND date(row.props.`to`) IS NULL)
    AND coalesce(old.`onBehalfOf` = row.props.`onBehalfOf`, old.`onBehalfOf` IS NULL AND row.props.`onBehalfOf` IS NULL) AS same
