// Which rows of a batch of Agency rows (file `agencies`) are stored already, and
// is each stored node the same as its row (every property equal, nulls included)?
// Ids not stored answer no row (the caller counts them as new).
// Answers one row per stored id: id, same (boolean).
// Parameters: $rows (list of {id, props}; dates and instants as ISO-8601 text).
UNWIND $rows AS row
MATCH (old:Agency {id: row.id})
RETURN row.id AS id,
    coalesce(old.`name` = row.props.`name`, old.`name` IS NULL AND row.props.`name` IS NULL)
    AND coalesce(old.`sector` = row.props.`sector`, old.`sector` IS NULL AND row.props.`sector` IS NULL) AS same
