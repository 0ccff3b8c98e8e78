// Whether two agencies are joined at all through their professionals (any
// employment period) and interactions in the period: the length (in
// relationships) of the shortest chain agency - professional - interaction -
// professional/object ... - agency, or null. A relaxation of the
// boundaryCrossingPaths search (employment days, object - interaction - object
// steps and time order ignored), so a null or a length beyond 2 * maxHops + 2
// proves that search empty (see reach_professionals).
// Parameters: $from, $to (agency ids), $open (true when the period has no bounds),
// $after, $before (DateTime).
MATCH (source:Agency {id: $from}), (target:Agency {id: $to})
OPTIONAL MATCH path = shortestPath((source)-[:EMPLOYED_BY|PARTICIPATED_IN|WORKED_ON*..22]-(target))
  WHERE all(n IN nodes(path) WHERE n:Professional OR n:BoundaryObject
            OR (n:Interaction AND ($open OR $after <= n.at < $before))
            OR n = source OR n = target)
RETURN length(path) AS length
