// Whether two professionals are joined at all through interactions in the period:
// the length (in relationships) of the shortest chain professional/object -
// interaction - professional/object ... between them, or null. A relaxation of
// the boundaryCrossingPaths search (it allows an object - interaction - object step
// and ignores time order), so a null or a length beyond 2 * maxHops proves that
// search empty; Neo4j's bidirectional breadth-first search, which stops as soon as
// either side runs out, settles it faster than the search's own layers when the two
// are not joined (kb.analytics.paths asks it first).
// Parameters: $from, $to (professional ids), $open (true when the period has no
// bounds: no interaction's time is read), $after, $before (DateTime).
MATCH (source:Professional {id: $from}), (target:Professional {id: $to})
OPTIONAL MATCH path = shortestPath((source)-[:PARTICIPATED_IN|WORKED_ON*..20]-(target))
  WHERE all(n IN nodes(path) WHERE n:Professional OR n:BoundaryObject
            OR (n:Interaction AND ($open OR $after <= n.at < $before)))
RETURN length(path) AS length
