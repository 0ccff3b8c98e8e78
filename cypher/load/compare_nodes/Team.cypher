// Which rows of a batch of Team rows (file `teams`) are stored already, and
// is each stored node the same as its row (every property equal, nulls included)?
// Ids not stored answer no row (the caller counts them as new).
// Answers one row per stored id: id, same (boolean).
// Parameters: $rows (list of {id, props}; dates and instants as ISO-8601 text).
UNWIND $rows AS row
MATCH (old:Team {id: row.id})
RETURN row.id AS id,
    coalesce(old.`name` = row.props.`name`, old.`name` IS NULL AND row.props.`name` IS NULL)
    AND coalesce(old.`type` = row.props.`type`, old.`type` IS NULL AND row.props.`type` IS NULL)
    AND coalesce(old.`level` = row.props.`level`, old.`level` IS NULL AND row.props.`level` IS NULL) AS same
