// Deletes the node with id $id if it has label $label (one of the model's ten labels),
// with all its relationships. Each branch seeks one label's id index.
// Parameters: $id (string), $label (string, from the model's labels only).
// Returns deleted (0 or 1) and relationships (how many went with it).
CALL () {
  MATCH (n:Agency {id: $id}) WHERE $label = 'Agency' RETURN n
  UNION MATCH (n:Team {id: $id}) WHERE $label = 'Team' RETURN n
  UNION MATCH (n:Professional {id: $id}) WHERE $label = 'Professional' RETURN n
  UNION MATCH (n:Family {id: $id}) WHERE $label = 'Family' RETURN n
  UNION MATCH (n:Client {id: $id}) WHERE $label = 'Client' RETURN n
  UNION MATCH (n:Episode {id: $id}) WHERE $label = 'Episode' RETURN n
  UNION MATCH (n:Interaction {id: $id}) WHERE $label = 'Interaction' RETURN n
  UNION MATCH (n:BoundaryObject {id: $id}) WHERE $label = 'BoundaryObject' RETURN n
  UNION MATCH (n:Perspective {id: $id}) WHERE $label = 'Perspective' RETURN n
  UNION MATCH (n:Tension {id: $id}) WHERE $label = 'Tension' RETURN n
}
WITH n, COUNT { (n)--() } AS relationships
DETACH DELETE n
RETURN count(n) AS deleted, sum(relationships) AS relationships
