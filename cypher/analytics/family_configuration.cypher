// Who was around a family at an instant (DOMAIN question 1), in one round trip.
// Answers: the family; professionals with an INVOLVED_WITH covering the day of
// $at; professionals who took part in an interaction about the family between
// the start of the day $windowDays days before $at and $at itself; each such
// professional's employments covering the day of $at; the family's clients
// (BELONGS_TO covering the day). The members are assembled in kb.analytics.
// No row when the family does not exist.
// Parameters: $familyId (string), $at (DateTime), $windowDays (integer >= 0).
MATCH (f:Family {id: $familyId})
WITH f, date($at) AS day, date($at) - duration({days: $windowDays}) AS windowStart
WITH f, day,
  COLLECT {
    MATCH (p:Professional)-[inv:INVOLVED_WITH]->(f)
    WHERE inv.from <= day AND (inv.to IS NULL OR inv.to >= day)
    RETURN {professional: p.id, role: inv.role, from: inv.from, to: inv.to}
  } AS involvements,
  COLLECT {
    MATCH (f)<-[:CONCERNS]-(i:Interaction)<-[part:PARTICIPATED_IN]-(p:Professional)
    WHERE i.at <= $at AND date(i.at) >= windowStart
    RETURN {professional: p.id, role: part.role, interaction: i.id, kind: i.kind, at: i.at}
  } AS participations,
  COLLECT {
    MATCH (c:Client)-[b:BELONGS_TO]->(f)
    WHERE b.from <= day AND (b.to IS NULL OR b.to >= day)
    RETURN {id: c.id, name: c.name, role: c.role, relationship: b.relationship, from: b.from}
  } AS clients
CALL (involvements, participations, day) {
  UNWIND [x IN involvements | x.professional] + [x IN participations | x.professional] AS pid
  WITH DISTINCT pid, day
  MATCH (p:Professional {id: pid})
  RETURN collect({
    id: p.id, name: p.name, profession: p.profession,
    employments: COLLECT {
      MATCH (p)-[e:EMPLOYED_BY]->(a:Agency)
      WHERE e.from <= day AND (e.to IS NULL OR e.to >= day)
      RETURN {agency: a.id, name: a.name, sector: a.sector, from: e.from, to: e.to}
    }
  }) AS professionals
}
RETURN f.id AS familyId, f.reference AS reference,
       involvements, participations, professionals, clients
