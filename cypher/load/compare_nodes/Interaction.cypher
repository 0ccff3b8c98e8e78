// Which rows of a batch of Interaction rows (file `interactions`) are stored already, and
// is each stored node the same as its row (every property equal, nulls included)?
// Ids not stored answer no row (the caller counts them as new).
// Answers one row per stored id: id, same (boolean).
// Parameters: $rows (list of {id, props}; dates and instants as ISO-8601 text).
UNWIND $rows AS row
MATCH (old:Interaction {id: row.id})
RETURN row.id AS id,
    coalesce(old.`kind` = row.props.`kind`, old.`kind` IS NULL AND row.props.`kind` IS NULL)
    AND coalesce(old.`at` = datetime(row.props.`at`), old.`at` IS NULL AND datetime(row.props.`at`) IS NULL)
    AND coalesce(old.`endsAt` = datetime(row.props.`endsAt`), old.`endsAt` IS NULL AND datetime(row.props.`endsAt`) IS NULL)
    AND coalesce(old.`level` = row.props.`level`, old.`level` IS NULL AND row.props.`level` IS NULL) AS same
