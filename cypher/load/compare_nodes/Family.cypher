// Which rows of a batch of Family rows (file `families`) are stored already, and
// is each stored node the same as its row (every property equal, nulls included)?
// Ids not stored answer no row (the caller counts them as new).
// Answers one row per stored id: id, same (boolean).
// Parameters: $rows (list of {id, props}; dates and instants as ISO-8601 text).
UNWIND $rows AS row
MATCH (old:Family {id: row.id})
RETURN row.id AS id,
    coalesce(old.`reference` = row.props.`reference`, old.`reference` IS NULL AND row.props.`reference` IS NULL) AS same
