// Which rows of a batch of Tension rows (file `tensions`) have ids stored already, under
// which label (each branch seeks one label's id index; an id has at most one label), and
// is a stored Tension the same as its row (every property equal, nulls included)?
// Answers one row of row numbers (rows not named are new): unchanged, updated (stored
// with other values), foreign (pairs [i, label]: the id belongs to another label). One
// row of lists, not a row per row: on a reload the answer is what the client spends time on.
// Parameters: $rows (list of {i, id, props}; dates and instants as ISO-8601 text).
UNWIND $rows AS row
CALL (row) {
  MATCH (n:Agency {id: row.id}) RETURN n, 'Agency' AS label
  UNION ALL MATCH (n:Team {id: row.id}) RETURN n, 'Team' AS label
  UNION ALL MATCH (n:Professional {id: row.id}) RETURN n, 'Professional' AS label
  UNION ALL MATCH (n:Family {id: row.id}) RETURN n, 'Family' AS label
  UNION ALL MATCH (n:Client {id: row.id}) RETURN n, 'Client' AS label
  UNION ALL MATCH (n:Episode {id: row.id}) RETURN n, 'Episode' AS label
  UNION ALL MATCH (n:Interaction {id: row.id}) RETURN n, 'Interaction' AS label
  UNION ALL MATCH (n:BoundaryObject {id: row.id}) RETURN n, 'BoundaryObject' AS label
  UNION ALL MATCH (n:Perspective {id: row.id}) RETURN n, 'Perspective' AS label
  UNION ALL MATCH (n:Tension {id: row.id}) RETURN n, 'Tension' AS label
}
WITH row.i AS i, label, label = 'Tension'
    AND coalesce(n.`kind` = row.props.`kind`, n.`kind` IS NULL AND row.props.`kind` IS NULL)
    AND coalesce(n.`description` = row.props.`description`, n.`description` IS NULL AND row.props.`description` IS NULL)
    AND coalesce(n.`raisedAt` = datetime(row.props.`raisedAt`), n.`raisedAt` IS NULL AND datetime(row.props.`raisedAt`) IS NULL)
    AND coalesce(n.`resolvedAt` = datetime(row.props.`resolvedAt`), n.`resolvedAt` IS NULL AND datetime(row.props.`resolvedAt`) IS NULL)
    AND coalesce(n.`resolution` = row.props.`resolution`, n.`resolution` IS NULL AND row.props.`resolution` IS NULL) AS same
RETURN collect(CASE WHEN same THEN i END) AS unchanged,
    collect(CASE WHEN label = 'Tension' AND NOT same THEN i END) AS updated,
    collect(CASE WHEN label <> 'Tension' THEN [i, label] END) AS foreign
