// How bursty or steady is a professional's work? (DOMAIN question 9), in one round trip.
// Answers: the interactions the professional took part in, dated in the period (id and
// time, for the gaps between consecutive ones); and the material of their month-end
// caseloads (the families whose configuration includes them, by kb.analytics.timeline's
// membership rule, which needs only their own rows): their allocations (INVOLVED_WITH)
// with a day in the period, and their participations in interactions about a family
// dated in [$windowFrom, $windowTo) (the period's start less the window, to its end).
// Dates and instants are ISO-8601 text (read back by kb.storage.values, far cheaper
// than the driver's temporal values).
// No row when the professional does not exist.
// Parameters: $professionalId (string); the period's $after, $before (DateTime),
// $firstDay, $lastDay (Date; null when empty) (kb.analytics.period); $windowFrom,
// $windowTo (DateTime).
MATCH (p:Professional {id: $professionalId})
RETURN p.id AS id,
  COLLECT {
    MATCH (p)-[:PARTICIPATED_IN]->(i:Interaction)
    WHERE $after <= i.at < $before
    RETURN {id: i.id, at: toString(i.at)}
  } AS interactions,
  COLLECT {
    MATCH (p)-[inv:INVOLVED_WITH]->(f:Family)
    WHERE inv.from <= $lastDay AND (inv.to IS NULL OR inv.to >= $firstDay)
    RETURN {professional: p.id, family: f.id, from: toString(inv.from), to: toString(inv.to)}
  } AS involvements,
  COLLECT {
    MATCH (p)-[:PARTICIPATED_IN]->(i:Interaction)-[:CONCERNS]->(f:Family)
    WHERE $windowFrom <= i.at AND i.at < $windowTo
    RETURN {professional: p.id, family: f.id, at: toString(i.at)}
  } AS participations
