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
// "The agency on a day": EMPLOYED_BY covering it, the most recently started if several
// (then the larger agency id); a collaborator without one has a null sector. Each
// professional's employments are read once and the day's one picked from that list, not
// looked up per participation (half the db hits). kb.analytics.expertise ranks them.
// Parameters: the period's $after, $before (DateTime, kb.analytics.period);
// $profession (a Profession, or null for every profession).
CALL () {
  MATCH (p:Professional)
  WITH p, [(p)-[e:EMPLOYED_BY]->(a:Agency) | {from: e.from, to: e.to, sector: a.sector, id: a.id}] AS jobs
  MATCH (p)-[:PARTICIPATED_IN]->(i:Interaction)
  WHERE $after <= i.at < $before
  WITH DISTINCT i, p, jobs, date(i.at) AS day
  WITH i, day, {id: p.id, sector: reduce(best = null, j IN jobs |
         CASE WHEN j.from <= day AND (j.to IS NULL OR j.to >= day)
                   AND (best IS NULL OR j.from > best.from OR (j.from = best.from AND j.id > best.id))
              THEN j ELSE best END).sector} AS member
  WITH i, day, collect(member) AS members
  WHERE size(members) > 1
  WITH date.truncate('quarter', day) AS quarter, members
  UNWIND members AS a
  UNWIND members AS b
  WITH a, b, quarter
  WHERE a.id <> b.id
  RETURN a.id AS professional, b.id AS collaborator, b.sector AS sector, quarter
  UNION
  MATCH (p:Professional)
  WITH p, [(p)-[e:EMPLOYED_BY]->(a:Agency) | {from: e.from, to: e.to, sector: a.sector, id: a.id}] AS jobs
  MATCH (p)-[:PARTICIPATED_IN]->(i:Interaction)-[:WORKED_ON]->(o:BoundaryObject)
  WHERE $after <= i.at < $before
  WITH DISTINCT o, i, p, jobs, i.at AS at
  WITH o, p.id AS id, at, reduce(best = null, j IN jobs |
         CASE WHEN j.from <= date(at) AND (j.to IS NULL OR j.to >= date(at))
                   AND (best IS NULL OR j.from > best.from OR (j.from = best.from AND j.id > best.id))
              THEN j ELSE best END).sector AS sector
  WITH o, id, sector, min(at) AS first
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
  WITH max(i.at) AS last
  WITH date(last) AS day
  RETURN reduce(best = null, j IN [(x)-[e:EMPLOYED_BY]->(a:Agency) | {from: e.from, to: e.to, sector: a.sector, id: a.id}] |
         CASE WHEN j.from <= day AND (j.to IS NULL OR j.to >= day)
                   AND (best IS NULL OR j.from > best.from OR (j.from = best.from AND j.id > best.id))
              THEN j ELSE best END).sector AS ownSector
}
RETURN x.id AS id, x.name AS name, x.profession AS profession, ownSector,
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
