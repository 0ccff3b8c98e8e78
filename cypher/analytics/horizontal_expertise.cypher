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
// looked up per participation. kb.analytics.expertise ranks them.
// Cost (PROFILE at M, bench/results/2026-12-02-m-questions.md): the participations are
// read once (the professional's own sector comes from the same pass, and the objects
// from each interaction once, not per participant); interactions with the same members
// in one quarter give the same links, so each such group is paired once; a member's
// links are built as one list, not a row per pair.
// Parameters: the period's $after, $before (DateTime, kb.analytics.period);
// $profession (a Profession, or null for every profession).
CALL () {
  MATCH (p:Professional)
  WITH p ORDER BY p.id
  CALL (p) {
    WITH [(p)-[e:EMPLOYED_BY]->(a:Agency) | {from: e.from, to: e.to, sector: a.sector, id: a.id}] AS jobs
    MATCH (p)-[:PARTICIPATED_IN]->(i:Interaction)
    WHERE $after <= i.at < $before
    WITH jobs, i, i.at AS at
    WITH jobs, collect([i, at, reduce(best = null, j IN jobs |
           CASE WHEN j.from <= date(at) AND (j.to IS NULL OR j.to >= date(at))
                     AND (best IS NULL OR j.from > best.from OR (j.from = best.from AND j.id > best.id))
                THEN j ELSE best END).sector]) AS parts, max(at) AS last
    RETURN parts, reduce(best = null, j IN jobs |
           CASE WHEN j.from <= date(last) AND (j.to IS NULL OR j.to >= date(last))
                     AND (best IS NULL OR j.from > best.from OR (j.from = best.from AND j.id > best.id))
                THEN j ELSE best END).sector AS own
  }
  UNWIND parts AS part
  WITH part[0] AS i, part[1] AS at, [p.id, part[2], own] AS member
  WITH i, min(at) AS at, collect(member) AS members
  UNWIND [null] + [(i)-[:WORKED_ON]->(o:BoundaryObject) | o] AS o
  WITH o, CASE WHEN o IS NULL AND size(members) > 1 THEN date.truncate('quarter', at) END AS q,
       CASE WHEN o IS NULL AND size(members) > 1 THEN members END AS group,
       collect(CASE WHEN o IS NOT NULL THEN [at, members] END) AS works
  WHERE group IS NOT NULL OR o IS NOT NULL
  CALL (o, q, group, works) {
    WITH q, group
    WHERE group IS NOT NULL
    UNWIND group AS a
    RETURN a[0] AS professional, a[2] AS own, [b IN group WHERE b[0] <> a[0] | [b[0], b[1], q]] AS links
    UNION ALL
    WITH o, works
    WHERE o IS NOT NULL
    UNWIND works AS w
    UNWIND w[1] AS m
    WITH m[0] AS id, m[1] AS sector, m[2] AS own, min(w[0]) AS first
    WITH collect([id, sector, own, first]) AS members
    WHERE size(members) > 1
    UNWIND members AS a
    RETURN a[0] AS professional, a[2] AS own,
           [b IN members WHERE b[0] <> a[0] |
             [b[0], b[1], date.truncate('quarter', CASE WHEN a[3] > b[3] THEN a[3] ELSE b[3] END)]] AS links
  }
  UNWIND links AS link
  RETURN professional, own, link[0] AS collaborator, link[1] AS sector, link[2] AS quarter
}
WITH professional, own, collect(DISTINCT [collaborator, sector, quarter]) AS links
MATCH (x:Professional {id: professional})
WHERE $profession IS NULL OR x.profession = $profession
RETURN x.id AS id, x.name AS name, x.profession AS profession, own AS ownSector,
  COUNT { UNWIND links AS l RETURN DISTINCT l[0] } AS collaborators,
  COLLECT {
    UNWIND links AS l
    WITH l[1] AS name, count(DISTINCT l[0]) AS n
    WHERE name IS NOT NULL
    RETURN {sector: name, collaborators: n}
  } AS sectors,
  COLLECT {
    UNWIND links AS l
    WITH l[2] AS start, collect(DISTINCT l[1]) AS names, count(DISTINCT l[0]) AS n
    RETURN {quarter: start, sectors: names, collaborators: n}
  } AS quarters
