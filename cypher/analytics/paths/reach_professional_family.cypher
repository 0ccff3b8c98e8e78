// Whether a professional reaches a family at all through interactions in the
// period: the length (in relationships) of the shortest chain professional -
// interaction - professional/object ... - interaction or object - family, or null.
// A relaxation of the boundaryCrossingPaths search (object - interaction - object
// steps and time order ignored), so a null or a length beyond 2 * maxHops + 1
// proves that search empty (see reach_professionals).
// Parameters: $from (professional id), $to (family id), $open (true when the
// period has no bounds), $after, $before (DateTime).
MATCH (source:Professional {id: $from}), (target:Family {id: $to})
OPTIONAL MATCH path = shortestPath((source)-[:PARTICIPATED_IN|WORKED_ON|CONCERNS*..21]-(target))
  WHERE all(n IN nodes(path) WHERE n:Professional OR n:BoundaryObject
            OR (n:Interaction AND ($open OR $after <= n.at < $before))
            OR n = target)
RETURN length(path) AS length
