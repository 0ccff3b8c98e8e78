// Whether two agencies are joined at all through their professionals (any
// employment period) and interactions dated within [$after, $before) (widest
// bounds when open): the length (in relationships) of the shortest chain agency -
// professional - interaction - professional/object ... - agency, or null. A
// relaxation of the boundaryCrossingPaths search (employment days, object -
// interaction - object steps and time order ignored), so a null or a length
// beyond 2 * maxHops + 2 proves that search empty; a bidirectional
// breadth-first search that stops as soon as either side runs out.
// Parameters: $from, $to (agency ids), $after, $before (DateTime).
MATCH (source:Agency {id: $from}), (target:Agency {id: $to})
OPTIONAL MATCH path = shortestPath((source)-[:EMPLOYED_BY|PARTICIPATED_IN|WORKED_ON*..22]-(target))
  WHERE all(n IN nodes(path) WHERE n:Professional OR n:BoundaryObject
            OR (n:Interaction AND $after <= n.at < $before)
            OR n = source OR n = target)
RETURN length(path) AS length
