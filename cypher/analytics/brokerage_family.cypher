// The ties for sector brokerage around one family (DOMAIN question 8).
// Answers: every interaction about the family dated in [$after, $before)
// with its kind, time, and the professionals taking part: their participation
// role and the sector of the agency employing them on that day (the most
// recently started employment if several). kb.analytics.brokerage reads
// directed ties from referrals and information shares (REFERRER -> RECIPIENT)
// and two-way ties from every other joint participation.
// No row when the family does not exist.
// Parameters: $familyId (string), $after, $before (DateTime; widest bounds when open).
MATCH (f:Family {id: $familyId})
CALL (f) {
  MATCH (f)<-[:CONCERNS]-(i:Interaction)
  WHERE $after <= i.at < $before
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
RETURN f.id AS familyId, interactions
