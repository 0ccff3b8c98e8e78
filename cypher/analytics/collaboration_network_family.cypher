// The weighted network of joint work around one family (DOMAIN questions 4, 11).
// Answers: work items = interactions about the family dated in [$after, $before),
// and boundary objects about the family worked on by such interactions (work on
// the family's object in an interaction about no family, or about another family,
// is not work about this family). Each professional taking part counts under a
// key chosen by $level: PROFESSIONAL = the professional, AGENCY = the agency employing them
// on the interaction's day (the most recently started employment if several),
// SECTOR = that agency's sector. Nodes: each key with how many work items it
// took part in; edges: each pair of keys with how many interactions and how
// many boundary objects they shared (weight = their sum, computed by the caller).
// Also the allocations (INVOLVED_WITH) with a day in the period, each with its
// onBehalfOf and the professional's employments (kb.analytics.jointness takes
// the employer on the allocation's first day in the period; DOMAIN question 4).
// No row when the family does not exist.
// Parameters: $familyId (string), $level ('PROFESSIONAL' | 'AGENCY' | 'SECTOR'),
// $after, $before (DateTime; the caller passes the widest bounds when open),
// $firstDay, $lastDay (Date; the days the period touches, null when it is empty):
// kb.analytics.period.Period.parameters().
MATCH (f:Family {id: $familyId})
CALL (f) {
  CALL (f) {
    MATCH (f)<-[:CONCERNS]-(i:Interaction)
    WHERE $after <= i.at < $before
    RETURN i.id AS item, 'Interaction' AS itemType, i
    UNION ALL
    MATCH (f)<-[:CONCERNS]-(o:BoundaryObject)<-[:WORKED_ON]-(i:Interaction)-[:CONCERNS]->(f)
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
CALL (f) {
  MATCH (p:Professional)-[inv:INVOLVED_WITH]->(f)
  WHERE inv.from <= $lastDay AND (inv.to IS NULL OR inv.to >= $firstDay)
  RETURN collect({
    professional: p.id, role: inv.role, from: inv.from, to: inv.to, onBehalfOf: inv.onBehalfOf,
    employments: COLLECT {
      MATCH (p)-[e:EMPLOYED_BY]->(a:Agency)
      RETURN {agency: a.id, name: a.name, sector: a.sector, from: e.from, to: e.to}
    }
  }) AS involvements
}
RETURN nodes, edges, involvements
