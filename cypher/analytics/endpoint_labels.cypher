// What kind of entity each id names, for the path questions' endpoints.
// Answers: one row per id that names a Professional, an Agency or a Family:
// the id and the label (index lookups, no label scan).
// Parameters: $ids (list of strings).
UNWIND $ids AS wanted
CALL (wanted) {
  MATCH (n:Professional {id: wanted}) RETURN n, 'Professional' AS label
  UNION
  MATCH (n:Agency {id: wanted}) RETURN n, 'Agency' AS label
  UNION
  MATCH (n:Family {id: wanted}) RETURN n, 'Family' AS label
}
RETURN wanted AS id, collect(label) AS labels
