// The families with the most professionals ever around them (allocated, or taking part
// in an interaction about them), then the most interactions, with their reference:
// bench/explorer.py opens the first in the family view, a proxy for the largest
// configuration (the bench reports the largest it drew).
// Parameters: $limit (integer).
MATCH (f:Family)
CALL (f) {
  MATCH (p:Professional)-[:INVOLVED_WITH]->(f)
  RETURN p
  UNION
  MATCH (f)<-[:CONCERNS]-(:Interaction)<-[:PARTICIPATED_IN]-(p:Professional)
  RETURN p
}
WITH f, count(DISTINCT p) AS professionals
WITH f, professionals, COUNT { (f)<-[:CONCERNS]-(:Interaction) } AS interactions
ORDER BY professionals DESC, interactions DESC, f.id
LIMIT $limit
RETURN f.id AS id, f.reference AS reference, professionals, interactions
