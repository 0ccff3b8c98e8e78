// Which objects about a family are real boundary objects? (DOMAIN question 6)
// Answers: every BoundaryObject about the family with its kind, title and
// creation date, and each contribution to it: an interaction that WORKED_ON it
// (with its instant, the action and section) and a professional taking part, with their
// profession and the sector of the agency employing them on the interaction's
// day (the most recently started employment if several). kb.analytics.objects
// counts sectors and professions and their Shannon entropy.
// No row when the family does not exist.
// Parameters: $familyId (string).
MATCH (f:Family {id: $familyId})
CALL (f) {
  MATCH (f)<-[:CONCERNS]-(o:BoundaryObject)
  OPTIONAL CALL (o) {
    MATCH (o)<-[w:WORKED_ON]-(i:Interaction)<-[:PARTICIPATED_IN]-(p:Professional)
    WITH w, i, p, head(COLLECT {
      MATCH (p)-[e:EMPLOYED_BY]->(a:Agency)
      WHERE e.from <= date(i.at) AND (e.to IS NULL OR e.to >= date(i.at))
      RETURN a ORDER BY e.from DESC, a.id DESC
    }) AS agency
    RETURN collect({interaction: i.id, at: i.at, action: w.action, section: w.section,
                    professional: p.id, profession: p.profession,
                    sector: agency.sector}) AS contributions
  }
  RETURN collect({id: o.id, kind: o.kind, title: o.title, createdAt: o.createdAt,
                  contributions: coalesce(contributions, [])}) AS objects
}
RETURN f.id AS familyId, objects
