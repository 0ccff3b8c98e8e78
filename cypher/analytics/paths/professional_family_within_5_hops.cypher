// Boundary-crossing paths from a professional to a family, of at most 5 hops (DOMAIN question 5).
// Rendered by kb/analytics/path_statements.py: edit the template there, not this file.
// Each hop passes through one Interaction dated in [$after, $before) (widest
// bounds when open): between two professionals who took part in it, or between a
// professional and a BoundaryObject it worked on (so professional - interaction
// - object - interaction - professional is two hops); simple paths only.
// The family is reached through an interaction about it (CONCERNS; the last hop,
// taken by a professional) or through a BoundaryObject about it. $timeOrder:
// 0 = any order, 1 = interaction times never decrease from the professional to
// the family, -1 = never increase (a family-to-professional question, which
// kb.analytics.paths asks this way round and reads backwards).
// Answers: up to $limit of the 50 shortest paths, shortest first, one row
// each: hops, nodes, relationships, and the employments of the professionals on
// it (kb.analytics.paths reads the sectors crossed from them).
// Parameters: $from, $to (ids), $limit (1..50), $after, $before (DateTime),
// $timeOrder (-1, 0 or 1).
MATCH (source:Professional {id: $from}), (target:Family {id: $to})
CALL (source, target) {
  MATCH SHORTEST 50 (path = (source)
      ((a:Professional|BoundaryObject)-[:PARTICIPATED_IN|WORKED_ON]-(i:Interaction)
         -[:PARTICIPATED_IN|WORKED_ON]-(b:Professional|BoundaryObject)
         WHERE (a:Professional OR b:Professional)
           AND $after <= i.at < $before){0,4}
      (:Professional)-[:PARTICIPATED_IN]->(final:Interaction)-[:CONCERNS]->(target)
    WHERE $after <= final.at < $before
      AND ($timeOrder = 0 OR (all(k IN range(0, size(i) - 2) WHERE CASE $timeOrder WHEN 1 THEN i[k].at <= i[k + 1].at ELSE i[k].at >= i[k + 1].at END) AND (size(i) = 0 OR CASE $timeOrder WHEN 1 THEN i[-1].at <= final.at ELSE i[-1].at >= final.at END)))
      AND all(n IN nodes(path) WHERE single(m IN nodes(path) WHERE m = n)))
  RETURN path, size(i) + 1 AS hops
  UNION
  MATCH SHORTEST 50 (path = (source)
      ((a:Professional|BoundaryObject)-[:PARTICIPATED_IN|WORKED_ON]-(i:Interaction)
         -[:PARTICIPATED_IN|WORKED_ON]-(b:Professional|BoundaryObject)
         WHERE (a:Professional OR b:Professional)
           AND $after <= i.at < $before){1,5}
      (:BoundaryObject)-[:CONCERNS]->(target)
    WHERE ($timeOrder = 0 OR all(k IN range(0, size(i) - 2) WHERE CASE $timeOrder WHEN 1 THEN i[k].at <= i[k + 1].at ELSE i[k].at >= i[k + 1].at END))
      AND all(n IN nodes(path) WHERE single(m IN nodes(path) WHERE m = n)))
  RETURN path, size(i) AS hops
}
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
