// Which rows of a batch of Perspective rows (file `perspectives`) are stored already, and
// is each stored node the same as its row (every property equal, nulls included)?
// Ids not stored answer no row (the caller counts them as new).
// Answers one row per stored id: id, same (boolean).
// Parameters: $rows (list of {id, props}; dates and instants as ISO-8601 text).
UNWIND $rows AS row
MATCH (old:Perspective {id: row.id})
RETURN row.id AS id,
    coalesce(old.`statement` = row.props.`statement`, old.`statement` IS NULL AND row.props.`statement` IS NULL)
    AND coalesce(old.`at` = datetime(row.props.`at`), old.`at` IS NULL AND datetime(row.props.`at`) IS NULL) AS same
