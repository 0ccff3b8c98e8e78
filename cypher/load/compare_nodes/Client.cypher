// Which rows of a batch of Client rows (file `clients`) are stored already, and
// is each stored node the same as its row (every property equal, nulls included)?
// Ids not stored answer no row (the caller counts them as new).
// Answers one row per stored id: id, same (boolean).
// Parameters: $rows (list of {id, props}; dates and instants as ISO-8601 text).
UNWIND $rows AS row
MATCH (old:Client {id: row.id})
RETURN row.id AS id,
    coalesce(old.`name` = row.props.`name`, old.`name` IS NULL AND row.props.`name` IS NULL)
    AND coalesce(old.`role` = row.props.`role`, old.`role` IS NULL AND row.props.`role` IS NULL)
    AND coalesce(old.`birthYear` = row.props.`birthYear`, old.`birthYear` IS NULL AND row.props.`birthYear` IS NULL) AS same
