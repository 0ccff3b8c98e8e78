// Deletes the relationships of type $type from node $source to node $target whose key
// properties equal $key (a map; empty for types with one relationship per pair).
// Endpoints are sought by id under each of the model's labels (index seeks).
// Parameters: $source, $target (strings), $type (string, from the model's types only),
// $key (map of property -> value). Returns deleted (count).
CALL () {
  MATCH (s:Agency {id: $source}) RETURN s
  UNION MATCH (s:Team {id: $source}) RETURN s
  UNION MATCH (s:Professional {id: $source}) RETURN s
  UNION MATCH (s:Family {id: $source}) RETURN s
  UNION MATCH (s:Client {id: $source}) RETURN s
  UNION MATCH (s:Episode {id: $source}) RETURN s
  UNION MATCH (s:Interaction {id: $source}) RETURN s
  UNION MATCH (s:BoundaryObject {id: $source}) RETURN s
  UNION MATCH (s:Perspective {id: $source}) RETURN s
  UNION MATCH (s:Tension {id: $source}) RETURN s
}
CALL () {
  MATCH (t:Agency {id: $target}) RETURN t
  UNION MATCH (t:Team {id: $target}) RETURN t
  UNION MATCH (t:Professional {id: $target}) RETURN t
  UNION MATCH (t:Family {id: $target}) RETURN t
  UNION MATCH (t:Client {id: $target}) RETURN t
  UNION MATCH (t:Episode {id: $target}) RETURN t
  UNION MATCH (t:Interaction {id: $target}) RETURN t
  UNION MATCH (t:BoundaryObject {id: $target}) RETURN t
  UNION MATCH (t:Perspective {id: $target}) RETURN t
  UNION MATCH (t:Tension {id: $target}) RETURN t
}
MATCH (s)-[r]->(t)
WHERE type(r) = $type AND all(k IN keys($key) WHERE r[k] = $key[k])
DELETE r
RETURN count(r) AS deleted
