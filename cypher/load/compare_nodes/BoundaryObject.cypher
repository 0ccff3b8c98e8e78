// Which rows of a batch of BoundaryObject rows (file `boundary_objects`) are stored already, and
// is each stored node the same as its row (every property equal, nulls included)?
// Ids not stored answer no row (the caller counts them as new).
// Answers one row per stored id: id, same (boolean).
// Parameters: $rows (list of {id, props}; dates and instants as ISO-8601 text).
UNWIND $rows AS row
MATCH (old:BoundaryObject {id: row.id})
RETURN row.id AS id,
    coalesce(old.`kind` = row.props.`kind`, old.`kind` IS NULL AND row.props.`kind` IS NULL)
    AND coalesce(old.`title` = row.props.`title`, old.`title` IS NULL AND row.props.`title` IS NULL)
    AND coalesce(old.`createdAt` = date(row.props.`createdAt`), old.`createdAt` IS NULL AND date(row.props.`createdAt`) IS NULL) AS same
