// Which rows of a batch of Tension rows (file `tensions`) are stored already, and
// is each stored node the same as its row (every property equal, nulls included)?
// Ids not stored answer no row (the caller counts them as new).
// Answers one row per stored id: id, same (boolean).
// Parameters: $rows (list of {id, props}; dates and instants as ISO-8601 text).
UNWIND $rows AS row
MATCH (old:Tension {id: row.id})
RETURN row.id AS id,
    coalesce(old.`kind` = row.props.`kind`, old.`kind` IS NULL AND row.props.`kind` IS NULL)
    AND coalesce(old.`description` = row.props.`description`, old.`description` IS NULL AND row.props.`description` IS NULL)
    AND coalesce(old.`raisedAt` = datetime(row.props.`raisedAt`), old.`raisedAt` IS NULL AND datetime(row.props.`raisedAt`) IS NULL)
    AND coalesce(old.`resolvedAt` = datetime(row.props.`resolvedAt`), old.`resolvedAt` IS NULL AND datetime(row.props.`resolvedAt`) IS NULL)
    AND coalesce(old.`resolution` = row.props.`resolution`, old.`resolution` IS NULL AND row.props.`resolution` IS NULL) AS same
