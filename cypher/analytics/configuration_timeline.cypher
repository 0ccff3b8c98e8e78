// The material of a family's configuration timeline (DOMAIN question 2), in one
// round trip: every involvement with the family that overlaps [$from, $to];
// every professional participation in an interaction about the family dated
// between $from - $windowDays days and $to; and the employments of every
// professional named, for the agencies they were with; and the family's clients
// whose membership overlaps [$from, $to]. kb.analytics.timeline turns these into
// day-by-day configurations, joins, leaves and turnover (and, when asked, each
// day's whole configuration, as familyConfiguration's statement would give it).
// Dates are ISO-8601 text; instants ISO-8601 text in UTC as Python's isoformat() writes
// them (`+00:00`, microseconds only when not zero): read back by `fromisoformat`, far
// cheaper than the driver's temporal values.
// No row when the family does not exist.
// Parameters: $familyId (string), $from (Date), $to (Date), $windowDays (integer >= 0).
MATCH (f:Family {id: $familyId})
WITH f,
  COLLECT {
    MATCH (p:Professional)-[inv:INVOLVED_WITH]->(f)
    WHERE inv.from <= $to AND (inv.to IS NULL OR inv.to >= $from)
    RETURN {professional: p.id, role: inv.role, from: toString(inv.from), to: toString(inv.to)}
  } AS involvements,
  COLLECT {
    MATCH (f)<-[:CONCERNS]-(i:Interaction)<-[part:PARTICIPATED_IN]-(p:Professional)
    WHERE date(i.at) >= $from - duration({days: $windowDays}) AND date(i.at) <= $to
    WITH p, part, i, datetime({datetime: i.at, timezone: 'Z'}) AS utc
    RETURN {professional: p.id, role: part.role, interaction: i.id, kind: i.kind,
            at: left(toString(utc), 19)
                + CASE WHEN utc.microsecond = 0 THEN ''
                  ELSE '.' + right('00000' + toString(utc.microsecond), 6) END
                + '+00:00'}
  } AS participations,
  COLLECT {
    MATCH (c:Client)-[b:BELONGS_TO]->(f)
    WHERE b.from <= $to AND (b.to IS NULL OR b.to >= $from)
    RETURN {id: c.id, name: c.name, role: c.role, relationship: b.relationship,
            from: toString(b.from), to: toString(b.to)}
  } AS clients
CALL (involvements, participations) {
  UNWIND [x IN involvements | x.professional] + [x IN participations | x.professional] AS pid
  WITH DISTINCT pid
  MATCH (p:Professional {id: pid})
  RETURN collect({
    id: p.id, name: p.name, profession: p.profession,
    employments: COLLECT {
      MATCH (p)-[e:EMPLOYED_BY]->(a:Agency)
      WHERE e.from <= $to AND (e.to IS NULL OR e.to >= $from - duration({days: $windowDays}))
      RETURN {agency: a.id, name: a.name, sector: a.sector,
              from: toString(e.from), to: toString(e.to)}
    }
  }) AS professionals
}
RETURN f.id AS familyId, f.reference AS reference,
       involvements, participations, professionals, clients
