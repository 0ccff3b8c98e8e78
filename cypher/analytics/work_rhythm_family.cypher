// How bursty or steady is the work around a family? (DOMAIN question 9), in one round trip.
// Answers: the interactions about the family dated in the period (id and time, for the
// gaps between consecutive ones); and the material of its month-end configurations
// (kb.analytics.timeline's membership rule): the allocations (INVOLVED_WITH) with a day
// in the period, and the professionals' participations in interactions about the family
// dated in [$windowFrom, $windowTo) (the period's start less the window, to its end).
// Dates and instants are ISO-8601 text (read back by kb.storage.values, far cheaper
// than the driver's temporal values).
// No row when the family does not exist.
// Parameters: $familyId (string); the period's $after, $before (DateTime), $firstDay,
// $lastDay (Date; null when empty) (kb.analytics.period); $windowFrom, $windowTo (DateTime).
MATCH (f:Family {id: $familyId})
RETURN f.id AS id,
  COLLECT {
    MATCH (f)<-[:CONCERNS]-(i:Interaction)
    WHERE $after <= i.at < $before
    RETURN {id: i.id, at: toString(i.at)}
  } AS interactions,
  COLLECT {
    MATCH (p:Professional)-[inv:INVOLVED_WITH]->(f)
    WHERE inv.from <= $lastDay AND (inv.to IS NULL OR inv.to >= $firstDay)
    RETURN {professional: p.id, family: f.id, from: toString(inv.from), to: toString(inv.to)}
  } AS involvements,
  COLLECT {
    MATCH (f)<-[:CONCERNS]-(i:Interaction)<-[:PARTICIPATED_IN]-(p:Professional)
    WHERE $windowFrom <= i.at AND i.at < $windowTo
    RETURN {professional: p.id, family: f.id, at: toString(i.at)}
  } AS participations
