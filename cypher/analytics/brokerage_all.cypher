// The ties for sector brokerage across the whole graph in a period (DOMAIN
// question 8). Answers: every interaction dated in [$after, $before) (range
// seek on the interaction_at index) that at least two professionals took part
// in, with its kind, time, and the professionals: participation role and the
// sector of the agency employing them that day (the most recently started
// employment if several). Always one row.
// Parameters: $after, $before (DateTime; widest bounds when open).
CALL () {
  MATCH (i:Interaction)
  WHERE $after <= i.at < $before
    AND COUNT { (i)<-[:PARTICIPATED_IN]-(:Professional) } >= 2
  CALL (i) {
    MATCH (p:Professional)-[part:PARTICIPATED_IN]->(i)
    WITH p, part, head(COLLECT {
      MATCH (p)-[e:EMPLOYED_BY]->(a:Agency)
      WHERE e.from <= date(i.at) AND (e.to IS NULL OR e.to >= date(i.at))
      RETURN a ORDER BY e.from DESC, a.id DESC
    }) AS agency
    RETURN collect({professional: p.id, role: part.role, sector: agency.sector}) AS people
  }
  RETURN collect({id: i.id, kind: i.kind, at: i.at, people: people}) AS interactions
}
RETURN interactions
