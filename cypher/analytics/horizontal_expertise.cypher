// Who has horizontal expertise? (DOMAIN question 11), in one round trip.
// Answers: per professional with at least one collaborator in the period, the number of
// their collaborators, and per sector and per quarter the distinct collaborators (and a
// quarter's sectors). Collaborators: the other professionals who took part in an
// interaction with them, or worked on a boundary object with them (each through
// interactions dated in the period), each with the sector of the collaborator's agency at the time and the
// quarters of the collaboration (date.truncate('quarter'): an interaction's quarter; for
// an object, the quarter of the later of the two first interactions on it, each
// professional under the sector of that day). With the professional's name, profession
// and own sector: their agency's on the day of their latest interaction in the period.
// "The agency on a day": EMPLOYED_BY covering it, the most recently started if several;
// a collaborator without one has a null sector. kb.analytics.expertise ranks them.
// Parameters: the period's $after, $before (DateTime, kb.analytics.period);
// $profession (a Profession, or null for every profession).
CALL () {
  MATCH (i:Interaction)
  WHERE $after <= i.at < $before
  CALL (i) {
    MATCH (p:Professional)-[:PARTICIPATED_IN]->(i)
    WITH DISTINCT p
    RETURN collect({id: p.id, sector: head(COLLECT {
      MATCH (p)-[e:EMPLOYED_BY]->(a:Agency)
      WHERE e.from <= date(i.at) AND (e.to IS NULL OR e.to >= date(i.at))
      RETURN a.sector ORDER BY e.from DESC, a.id DESC
    })}) AS members
  }
  WITH i, members
  WHERE size(members) > 1
  UNWIND members AS a
  UNWIND members AS b
  WITH a, b, i
  WHERE a.id <> b.id
  RETURN a.id AS professional, b.id AS collaborator, b.sector AS sector,
         date.truncate('quarter', i.at) AS quarter
  UNION
  MATCH (o:BoundaryObject)<-[:WORKED_ON]-(i:Interaction)
  WHERE $after <= i.at < $before
  WITH DISTINCT o, i
  MATCH (p:Professional)-[:PARTICIPATED_IN]->(i)
  WITH DISTINCT o, i, p
  WITH o, p, i, head(COLLECT {
    MATCH (p)-[e:EMPLOYED_BY]->(a:Agency)
    WHERE e.from <= date(i.at) AND (e.to IS NULL OR e.to >= date(i.at))
    RETURN a.sector ORDER BY e.from DESC, a.id DESC
  }) AS sector
  WITH o, p.id AS id, sector, min(i.at) AS first
  WITH o, collect({id: id, sector: sector, first: first}) AS members
  WHERE size(members) > 1
  UNWIND members AS a
  UNWIND members AS b
  WITH a, b
  WHERE a.id <> b.id
  RETURN a.id AS professional, b.id AS collaborator, b.sector AS sector,
         date.truncate('quarter', CASE WHEN a.first > b.first THEN a.first ELSE b.first END) AS quarter
}
WITH professional, collect({collaborator: collaborator, sector: sector, quarter: quarter}) AS links
MATCH (x:Professional {id: professional})
WHERE $profession IS NULL OR x.profession = $profession
CALL (x) {
  MATCH (x)-[:PARTICIPATED_IN]->(i:Interaction)
  WHERE $after <= i.at < $before
  WITH i ORDER BY i.at DESC, i.id DESC LIMIT 1
  RETURN head(COLLECT {
    MATCH (x)-[e:EMPLOYED_BY]->(a:Agency)
    WHERE e.from <= date(i.at) AND (e.to IS NULL OR e.to >= date(i.at))
    RETURN a.sector ORDER BY e.from DESC, a.id DESC
  }) AS sector
}
RETURN x.id AS id, x.name AS name, x.profession AS profession, sector AS ownSector,
  COUNT { UNWIND links AS l RETURN DISTINCT l.collaborator } AS collaborators,
  COLLECT {
    UNWIND links AS l
    WITH l.sector AS name, count(DISTINCT l.collaborator) AS n
    WHERE name IS NOT NULL
    RETURN {sector: name, collaborators: n}
  } AS sectors,
  COLLECT {
    UNWIND links AS l
    WITH l.quarter AS start, collect(DISTINCT l.sector) AS names, count(DISTINCT l.collaborator) AS n
    RETURN {quarter: start, sectors: names, collaborators: n}
  } AS quarters
