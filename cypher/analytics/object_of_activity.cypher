// How did the object of the work around a family change? (DOMAIN question 10), in one
// round trip. Answers, for the family (kb.analytics.activity applies the period):
// - its boundary objects (CONCERNS it): id, kind, created, title;
// - every perspective ON the family or one of its objects: when, on what, its holder (a
//   professional with profession and the agency employing them on the perspective's day,
//   or a client with their role), and the perspectives it REVISES;
// - every tension ABOUT the family, one of its objects or one of its interactions: kind,
//   raised, resolved, description, resolution, what it is about, and its parties (a
//   professional with the agency employing them on the day it was raised, an agency, or
//   a client with their role).
// "Employing on a day": EMPLOYED_BY covering it, the most recently started if several.
// Dates and instants are ISO-8601 text (read back by kb.storage.values, far cheaper
// than the driver's temporal values).
// No row when the family does not exist.
// Parameters: $familyId (string).
MATCH (f:Family {id: $familyId})
WITH f, COLLECT { MATCH (f)<-[:CONCERNS]-(o:BoundaryObject) RETURN o } AS objects
RETURN f.id AS familyId, f.reference AS reference,
  [o IN objects | {id: o.id, kind: o.kind, createdAt: toString(o.createdAt), title: o.title}] AS objects,
  COLLECT {
    UNWIND [f] + objects AS subject
    MATCH (subject)<-[:ON]-(x:Perspective)
    OPTIONAL MATCH (holder)-[:HOLDS]->(x)
    WITH x, subject, holder, head(COLLECT {
      MATCH (holder:Professional)-[e:EMPLOYED_BY]->(a:Agency)
      WHERE e.from <= date(x.at) AND (e.to IS NULL OR e.to >= date(x.at))
      RETURN a ORDER BY e.from DESC, a.id DESC
    }) AS agency
    RETURN {
      id: x.id, at: toString(x.at), statement: x.statement,
      on: subject.id, onType: CASE WHEN subject:Family THEN 'Family' ELSE 'BoundaryObject' END,
      holder: CASE WHEN holder IS NULL THEN null ELSE {
        id: holder.id, type: CASE WHEN holder:Professional THEN 'Professional' ELSE 'Client' END,
        profession: holder.profession, clientRole: CASE WHEN holder:Client THEN holder.role END,
        agency: agency.id, sector: agency.sector
      } END,
      revises: COLLECT { MATCH (x)-[:REVISES]->(older:Perspective) RETURN older.id ORDER BY older.id }
    }
  } AS perspectives,
  COLLECT {
    UNWIND [f] + objects + COLLECT { MATCH (f)<-[:CONCERNS]-(i:Interaction) RETURN i } AS subject
    MATCH (t:Tension)-[:ABOUT]->(subject)
    WITH t, collect(DISTINCT {
      id: subject.id,
      type: CASE WHEN subject:Family THEN 'Family' WHEN subject:BoundaryObject THEN 'BoundaryObject'
                 ELSE 'Interaction' END
    }) AS about
    RETURN {
      id: t.id, kind: t.kind, raisedAt: toString(t.raisedAt),
      resolvedAt: toString(t.resolvedAt),
      description: t.description, resolution: t.resolution, about: about,
      parties: COLLECT {
        MATCH (t)-[:BETWEEN]->(party)
        WHERE party:Professional OR party:Agency OR party:Client
        WITH party, head(COLLECT {
          MATCH (party:Professional)-[e:EMPLOYED_BY]->(a:Agency)
          WHERE e.from <= date(t.raisedAt) AND (e.to IS NULL OR e.to >= date(t.raisedAt))
          RETURN a ORDER BY e.from DESC, a.id DESC
        }) AS employer
        RETURN {
          id: party.id,
          type: CASE WHEN party:Professional THEN 'Professional' WHEN party:Agency THEN 'Agency'
                     ELSE 'Client' END,
          profession: party.profession, clientRole: CASE WHEN party:Client THEN party.role END,
          agency: CASE WHEN party:Agency THEN party.id ELSE employer.id END,
          sector: CASE WHEN party:Agency THEN party.sector ELSE employer.sector END
        } ORDER BY party.id
      }
    }
  } AS tensions
