// The weighted network of joint work across the whole graph in a period
// (DOMAIN question 11: who works with whom, which agencies and sectors meet).
// Answers: work items = interactions dated in [$after, $before) (range
// seek on the interaction_at index), and boundary objects worked on by such
// interactions. Each professional taking part counts under a key chosen by
// $level: PROFESSIONAL = the professional, AGENCY = the agency employing them
// on the interaction's day (the most recently started employment if several),
// SECTOR = that agency's sector. Nodes: each key with how many work items it
// took part in; edges: each pair of keys with how many interactions and how
// many boundary objects they shared (weight = their sum, computed by the caller).
// Always one row.
// Parameters: $level ('PROFESSIONAL' | 'AGENCY' | 'SECTOR'),
// $after, $before (DateTime; the caller passes the widest bounds when open).
CALL () {
  CALL () {
    MATCH (i:Interaction)
    WHERE $after <= i.at < $before
    RETURN i.id AS item, 'Interaction' AS itemType, i
    UNION ALL
    MATCH (o:BoundaryObject)<-[:WORKED_ON]-(i:Interaction)
    WHERE $after <= i.at < $before
    RETURN o.id AS item, 'BoundaryObject' AS itemType, i
  }
  CALL (i) {
    MATCH (p:Professional)-[:PARTICIPATED_IN]->(i)
    WITH p, head(COLLECT {
      MATCH (p)-[e:EMPLOYED_BY]->(a:Agency)
      WHERE e.from <= date(i.at) AND (e.to IS NULL OR e.to >= date(i.at))
      RETURN a ORDER BY e.from DESC, a.id DESC
    }) AS agency
    WITH CASE $level
           WHEN 'PROFESSIONAL' THEN {key: p.id, label: 'Professional', name: p.name, profession: p.profession}
           WHEN 'AGENCY' THEN CASE WHEN agency IS NULL THEN null
                                   ELSE {key: agency.id, label: 'Agency', name: agency.name, sector: agency.sector} END
           ELSE CASE WHEN agency IS NULL THEN null
                     ELSE {key: 'sector:' + agency.sector, label: 'Sector', name: agency.sector} END
         END AS member
    WHERE member IS NOT NULL
    RETURN member
  }
  WITH item, itemType, collect(DISTINCT member) AS members
  RETURN collect({item: item, itemType: itemType, members: members}) AS items
}
CALL (items) {
  UNWIND items AS it
  UNWIND it.members AS m
  WITH m, count(DISTINCT it.item) AS activity
  RETURN collect(m {.*, activity: activity}) AS nodes
}
CALL (items) {
  UNWIND items AS it
  UNWIND it.members AS a
  UNWIND it.members AS b
  WITH it, a.key AS source, b.key AS target
  WHERE source < target
  WITH source, target,
       count(DISTINCT CASE WHEN it.itemType = 'Interaction' THEN it.item END) AS interactions,
       count(DISTINCT CASE WHEN it.itemType = 'BoundaryObject' THEN it.item END) AS objects
  RETURN collect({source: source, target: target, interactions: interactions, objects: objects}) AS edges
}
RETURN nodes, edges
