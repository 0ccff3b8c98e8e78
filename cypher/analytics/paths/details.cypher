// What boundaryCrossingPaths shows of the paths it chose: each node's label and
// properties; every relationship between an interaction on a path and the other
// nodes of the paths (kb.analytics.paths keeps those between consecutive nodes:
// PARTICIPATED_IN, WORKED_ON - one per action -, CONCERNS); every employment of the
// professionals on them (for the sectors crossed, and an agency's first or last
// step); and the objects about the families asked about.
// Answers: one row: nodes (with the families of each interaction and object), links,
// employments, objectFamilies.
// Parameters: $nodes (ids of the professionals, objects and interactions on the
// paths; each is looked up under the three labels, and ids are unique across labels),
// $agencies, $families (id lists: the ends).
CALL () {
  UNWIND $nodes AS key MATCH (n:Professional {id: key}) RETURN n, 'Professional' AS label
  UNION ALL
  UNWIND $nodes AS key MATCH (n:BoundaryObject {id: key}) RETURN n, 'BoundaryObject' AS label
  UNION ALL
  UNWIND $nodes AS key MATCH (n:Interaction {id: key}) RETURN n, 'Interaction' AS label
  UNION ALL
  UNWIND $agencies AS key MATCH (n:Agency {id: key}) RETURN n, 'Agency' AS label
  UNION ALL
  UNWIND $families AS key MATCH (n:Family {id: key}) RETURN n, 'Family' AS label
}
// An interaction's or object's families (the audit rule's, api/entities/shape.py FAMILIES_OF):
// a path through them shows those families' data, which the API logs.
WITH collect({id: n.id, label: label, properties: properties(n),
              families: CASE label
                WHEN 'Interaction' THEN [(n)-[:CONCERNS]->(f:Family) | f.id]
                  + [(n)<-[:PARTICIPATED_IN]-(:Client)-[:BELONGS_TO]->(f:Family) | f.id]
                WHEN 'BoundaryObject' THEN [(n)-[:CONCERNS]->(f:Family) | f.id]
                ELSE [] END}) AS nodes
RETURN nodes,
  COLLECT {
    UNWIND $nodes AS key
    MATCH (i:Interaction {id: key})-[r:PARTICIPATED_IN|WORKED_ON|CONCERNS]-(m)
    WHERE m.id IN $nodes OR m.id IN $families
    RETURN {type: type(r), source: startNode(r).id, target: endNode(r).id, properties: properties(r)}
  } AS links,
  COLLECT {
    UNWIND $nodes AS key
    MATCH (:Professional {id: key})-[e:EMPLOYED_BY]->(a:Agency)
    RETURN {professional: key, agency: a.id, name: a.name, sector: a.sector, from: e.from,
            to: e.to, properties: properties(e)}
  } AS employments,
  COLLECT {
    UNWIND $nodes AS key
    MATCH (o:BoundaryObject {id: key})-[:CONCERNS]->(f:Family)
    WHERE f.id IN $families
    RETURN [o.id, f.id]
  } AS objectFamilies
