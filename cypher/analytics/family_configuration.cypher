// Who was around a family at an instant (DOMAIN question 1), assembled in one round trip,
// in the shape familyConfiguration serves (kb.analytics.configuration maps it, no more).
// Members: every professional with an INVOLVED_WITH covering the day of $at, or who took
// part in an interaction about the family between the start of the day $windowDays days
// before $at and $at itself; by professional id. Each member: the agency of the
// employment covering the day that started last (then the largest agency id); role: the
// first allocation in $roleRank's order, else the latest participation's role; since:
// the earliest allocation start or interaction day; presence; the distinct allocation
// roles (in $roleRank's order) and interaction ids (in time order). The lead: the
// allocation covering the day with the smallest $leadRank, then the latest start, then the
// smallest professional id. Clients: BELONGS_TO covering the day, by id. Agencies: the
// members' agencies, by id; sectors: theirs, sorted. `drawing` (null unless $withDrawing):
// what the graph view draws besides (every allocation and participation counted, each
// member's employment).
// Dates are ISO-8601 text; `lastInteractionAt` ISO-8601 text in UTC as Python's
// isoformat() writes it (`+00:00`, microseconds only when not zero): the API only prints
// them. The drawing's instants: microseconds since the epoch (cheaper to make and read).
// No row when the family does not exist.
// Parameters: $familyId (string), $at (DateTime, UTC), $windowDays (integer >= 0),
// $roleRank (map: involvement role -> rank), $leadRank (map: lead role -> rank),
// $withDrawing (boolean).
MATCH (f:Family {id: $familyId})
WITH f, date($at) AS day, date($at) - duration({days: $windowDays}) AS windowStart
WITH f, day,
  COLLECT {
    MATCH (p:Professional)-[inv:INVOLVED_WITH]->(f)
    WHERE inv.from <= day AND (inv.to IS NULL OR inv.to >= day)
    RETURN {professional: p.id, role: inv.role, from: inv.from, to: inv.to} AS x
    ORDER BY coalesce($roleRank[inv.role], 99), inv.role, inv.from, p.id
  } AS involvements,
  COLLECT {
    MATCH (f)<-[:CONCERNS]-(i:Interaction)<-[part:PARTICIPATED_IN]-(p:Professional)
    WHERE i.at <= $at AND date(i.at) >= windowStart
    RETURN {professional: p.id, role: part.role, interaction: i.id, kind: i.kind, at: i.at} AS x
    ORDER BY i.at, i.id, part.role, p.id
  } AS participations,
  COLLECT {
    MATCH (c:Client)-[b:BELONGS_TO]->(f)
    WHERE b.from <= day AND (b.to IS NULL OR b.to >= day)
    RETURN {id: c.id, name: c.name, role: c.role, relationship: b.relationship,
            since: toString(b.from)} AS x
    ORDER BY c.id, b.from
  } AS clients
CALL (involvements, participations, day) {
  UNWIND [x IN involvements | x.professional] + [x IN participations | x.professional] AS pid
  WITH DISTINCT pid
  MATCH (p:Professional {id: pid})
  WITH p,
    [x IN involvements WHERE x.professional = pid] AS allocations,
    [x IN participations WHERE x.professional = pid] AS events,
    COLLECT {
      MATCH (p)-[e:EMPLOYED_BY]->(a:Agency)
      WHERE e.from <= day AND (e.to IS NULL OR e.to >= day)
      RETURN {agency: {id: a.id, name: a.name, sector: a.sector},
              from: toString(e.from), to: toString(e.to)} AS job
      ORDER BY e.from DESC, a.id DESC
      LIMIT 1
    } AS jobs
  ORDER BY p.id
  WITH p, allocations, events, jobs[0] AS job,
    CASE WHEN size(events) > 0 THEN datetime({datetime: events[0].at, timezone: 'Z'}) END AS first,
    CASE WHEN size(events) > 0 THEN datetime({datetime: last(events).at, timezone: 'Z'}) END
      AS latest
  RETURN collect({
    professional: {id: p.id, name: p.name, profession: p.profession},
    agency: job.agency,
    role: CASE WHEN size(allocations) > 0 THEN allocations[0].role ELSE last(events).role END,
    since: toString(reduce(earliest = CASE WHEN first IS NOT NULL THEN date(first) END,
                           d IN [x IN allocations | x.from] |
      CASE WHEN earliest IS NULL OR d < earliest THEN d ELSE earliest END)),
    presence: CASE
      WHEN size(allocations) > 0 AND size(events) > 0 THEN 'BOTH'
      WHEN size(allocations) > 0 THEN 'ALLOCATION'
      ELSE 'INTERACTION' END,
    involvementRoles: reduce(roles = [], r IN [x IN allocations | x.role] |
      CASE WHEN r IN roles THEN roles ELSE roles + r END),
    interactionIds: reduce(ids = [], i IN [x IN events | x.interaction] |
      CASE WHEN i IN ids THEN ids ELSE ids + i END),
    lastInteractionAt: CASE WHEN latest IS NOT NULL THEN left(toString(latest), 19)
      + CASE WHEN latest.microsecond = 0 THEN ''
        ELSE '.' + right('00000' + toString(latest.microsecond), 6) END
      + '+00:00' END
  }) AS members,
  collect(CASE WHEN job IS NOT NULL THEN
    {professional: p.id, agency: job.agency.id, from: job.from, to: job.to} END) AS employments
}
WITH f, involvements, participations, clients, members, employments,
  COLLECT {
    UNWIND involvements AS x
    WITH x WHERE $leadRank[x.role] IS NOT NULL
    RETURN x ORDER BY $leadRank[x.role], x.from DESC, x.professional LIMIT 1
  } AS leads,
  COLLECT {
    UNWIND members AS m
    WITH DISTINCT m.agency AS agency WHERE agency IS NOT NULL
    RETURN agency ORDER BY agency.id
  } AS agencies
RETURN f.id AS familyId, f.reference AS reference, members,
       leads[0].professional AS leadProfessional, toString(leads[0].from) AS leadSince,
       clients, agencies,
       COLLECT { UNWIND agencies AS a WITH DISTINCT a.sector AS s RETURN s ORDER BY s } AS sectors,
       CASE WHEN $withDrawing THEN
       {involvements: [x IN involvements | x {.professional, .role,
                                               from: toString(x.from), to: toString(x.to)}],
        participations: [x IN participations | x {.professional, .role, .interaction, .kind,
                                                   at: x.at.epochSeconds * 1000000
                                                       + x.at.nanosecond / 1000}],
        employments: employments} END AS drawing
