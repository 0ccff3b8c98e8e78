// Boundary-crossing paths between two professionals, of at most 2 hops (DOMAIN question 5).
// Rendered by kb/analytics/path_statements.py: edit the template there, not this file.
// Each hop passes through one Interaction dated in [$after, $before) (widest
// bounds when open): between two professionals who took part in it, or between a
// professional and a BoundaryObject it worked on (so professional - interaction
// - object - interaction - professional is two hops); simple paths only.
// With $timeRespecting the interaction times never decrease from $from to $to.
// Answers: up to $limit of the 50 shortest paths, shortest first, one row
// each: hops, nodes, relationships, and the employments of the professionals on
// it (kb.analytics.paths reads the sectors crossed from them).
// Parameters: $from, $to (ids), $limit (1..50), $after, $before (DateTime),
// $timeRespecting (boolean).
MATCH (source:Professional {id: $from}), (target:Professional {id: $to})
MATCH SHORTEST 50 (path = (source)
    ((a:Professional|BoundaryObject)-[:PARTICIPATED_IN|WORKED_ON]-(i:Interaction)
         -[:PARTICIPATED_IN|WORKED_ON]-(b:Professional|BoundaryObject)
         WHERE (a:Professional OR b:Professional)
           AND $after <= i.at < $before){1,2}
    (target)
  WHERE (NOT $timeRespecting OR all(k IN range(0, size(i) - 2) WHERE i[k].at <= i[k + 1].at))
    AND all(n IN nodes(path) WHERE single(m IN nodes(path) WHERE m = n)))
WITH path, size(i) AS hops
WITH path, hops
// Ties broken by the nodes' ids, so the same question always gets the same paths.
ORDER BY hops, size(relationships(path)), [n IN nodes(path) | n.id]
LIMIT $limit
CALL (path) {
  UNWIND [n IN nodes(path) WHERE n:Professional] AS person
  MATCH (person)-[e:EMPLOYED_BY]->(agency:Agency)
  RETURN collect({professional: person.id, agency: agency.id, name: agency.name,
                  sector: agency.sector, from: e.from, to: e.to}) AS employments
}
RETURN hops,
       [n IN nodes(path) | {id: n.id, label: labels(n)[0], properties: properties(n)}] AS nodes,
       [r IN relationships(path) | {type: type(r), source: startNode(r).id,
                                    target: endNode(r).id, properties: properties(r)}] AS relationships,
       employments
ORDER BY hops
