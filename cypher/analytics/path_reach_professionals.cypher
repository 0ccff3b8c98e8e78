// Whether two professionals are joined at all through interactions dated in
// [$after, $before) (widest bounds when open): the length (in relationships) of the shortest
// chain professional/object - interaction - professional/object ... between them,
// or null. A relaxation of the boundaryCrossingPaths search (it allows an
// object - interaction - object step and ignores time order), so a null or a
// length beyond 2 * maxHops proves that search empty; a bidirectional
// breadth-first search that stops as soon as either side runs out.
// Parameters: $from, $to (professional ids), $after, $before (DateTime).
MATCH (source:Professional {id: $from}), (target:Professional {id: $to})
OPTIONAL MATCH path = shortestPath((source)-[:PARTICIPATED_IN|WORKED_ON*..20]-(target))
  WHERE all(n IN nodes(path) WHERE n:Professional OR n:BoundaryObject
            OR (n:Interaction AND $after <= n.at < $before))
RETURN length(path) AS length
