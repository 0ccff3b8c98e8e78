// Which rows of a batch of Episode rows (file `episodes`) are stored already, and
// is each stored node the same as its row (every property equal, nulls included)?
// Ids not stored answer no row (the caller counts them as new).
// Answers one row per stored id: id, same (boolean).
// Parameters: $rows (list of {id, props}; dates and instants as ISO-8601 text).
UNWIND $rows AS row
MATCH (old:Episode {id: row.id})
RETURN row.id AS id,
    coalesce(old.`kind` = row.props.`kind`, old.`kind` IS NULL AND row.props.`kind` IS NULL)
    AND coalesce(old.`openedAt` = date(row.props.`openedAt`), old.`openedAt` IS NULL AND date(row.props.`openedAt`) IS NULL)
    AND coalesce(old.`closedAt` = date(row.props.`closedAt`), old.`closedAt` IS NULL AND date(row.props.`closedAt`) IS NULL)
    AND coalesce(old.`referralSource` = row.props.`referralSource`, old.`referralSource` IS NULL AND row.props.`referralSource` IS NULL)
    AND coalesce(old.`closureReason` = row.props.`closureReason`, old.`closureReason` IS NULL AND row.props.`closureReason` IS NULL) AS same
