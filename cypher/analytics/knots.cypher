// The material of a family's knots (DOMAIN question 3), in one round trip.
// Answers: every interaction about the family (id, kind, time) with the
// professionals taking part and the sector of the agency employing each on
// the interaction's day (the most recently started employment if several);
// and, for every pair of those professionals, the time of their first
// interaction together anywhere in the graph. kb.analytics.knots groups the
// interactions by gaps and scores each group's novelty from the pairs.
// No row when the family does not exist.
// Parameters: $familyId (string).
MATCH (f:Family {id: $familyId})
CALL (f) {
  MATCH (f)<-[:CONCERNS]-(i:Interaction)
  OPTIONAL CALL (i) {
    MATCH (p:Professional)-[:PARTICIPATED_IN]->(i)
    WITH p, head(COLLECT {
      MATCH (p)-[e:EMPLOYED_BY]->(a:Agency)
      WHERE e.from <= date(i.at) AND (e.to IS NULL OR e.to >= date(i.at))
      RETURN a ORDER BY e.from DESC, a.id DESC
    }) AS agency
    RETURN collect({professional: p.id, sector: agency.sector, agency: agency.id}) AS people
  }
  RETURN collect({id: i.id, kind: i.kind, at: i.at, people: coalesce(people, [])}) AS interactions
}
CALL (interactions) {
  UNWIND interactions AS i
  UNWIND i.people AS person
  WITH DISTINCT person.professional AS pid
  WITH collect(pid) AS ids
  UNWIND ids AS pid
  MATCH (p:Professional {id: pid})-[:PARTICIPATED_IN]->(j:Interaction)<-[:PARTICIPATED_IN]-(q:Professional)
  WHERE q.id IN ids AND p.id < q.id
  WITH p.id AS a, q.id AS b, min(j.at) AS firstTogether
  RETURN collect({a: a, b: b, firstTogether: firstTogether}) AS pairs
}
RETURN f.id AS familyId, interactions, pairs
