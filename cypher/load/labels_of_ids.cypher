// Which of these ids are already nodes of the knowledge model, and under which label?
// The loader asks this for ids a batch refers to that it has not seen in the dataset
// (each branch seeks one label's id index; an id has at most one label).
// Answers one row per id found: id, label. Parameters: $ids (list of strings).
UNWIND $ids AS id
CALL (id) {
  MATCH (n:Agency {id: id}) RETURN 'Agency' AS label
  UNION MATCH (n:Team {id: id}) RETURN 'Team' AS label
  UNION MATCH (n:Professional {id: id}) RETURN 'Professional' AS label
  UNION MATCH (n:Family {id: id}) RETURN 'Family' AS label
  UNION MATCH (n:Client {id: id}) RETURN 'Client' AS label
  UNION MATCH (n:Episode {id: id}) RETURN 'Episode' AS label
  UNION MATCH (n:Interaction {id: id}) RETURN 'Interaction' AS label
  UNION MATCH (n:BoundaryObject {id: id}) RETURN 'BoundaryObject' AS label
  UNION MATCH (n:Perspective {id: id}) RETURN 'Perspective' AS label
  UNION MATCH (n:Tension {id: id}) RETURN 'Tension' AS label
}
RETURN id, label
