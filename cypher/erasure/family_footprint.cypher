// Everything that would identify family $familyId, to be erased with it (see README, Security):
// the family; its clients who belong to no other family; its episodes; interactions and
// boundary objects that concern no other family and concern it (or, for interactions,
// had one of its clients taking part); perspectives held by its clients or on it or on
// its erased boundary objects; tensions about it, about its erased interactions or
// boundary objects, or between one of its clients and anyone.
// Parameters: $familyId (string). Returns no row if there is no such family, else one row
// of id lists: family, clients, episodes, interactions, boundaryObjects, perspectives, tensions.
MATCH (f:Family {id: $familyId})
OPTIONAL MATCH (c:Client)-[:BELONGS_TO]->(f)
WHERE NOT EXISTS { MATCH (c)-[:BELONGS_TO]->(other:Family) WHERE other <> f }
WITH f, collect(DISTINCT c) AS clients
OPTIONAL MATCH (f)-[:HAS_EPISODE]->(e:Episode)
WITH f, clients, collect(DISTINCT e) AS episodes
CALL (f, clients) {
  OPTIONAL MATCH (i:Interaction)
  WHERE (EXISTS { MATCH (i)-[:CONCERNS]->(f) }
         OR EXISTS { MATCH (p:Client)-[:PARTICIPATED_IN]->(i) WHERE p IN clients })
    AND NOT EXISTS { MATCH (i)-[:CONCERNS]->(other:Family) WHERE other <> f }
  RETURN collect(DISTINCT i) AS interactions
}
CALL (f) {
  OPTIONAL MATCH (b:BoundaryObject)-[:CONCERNS]->(f)
  WHERE NOT EXISTS { MATCH (b)-[:CONCERNS]->(other:Family) WHERE other <> f }
  RETURN collect(DISTINCT b) AS boundaryObjects
}
CALL (f, clients, boundaryObjects) {
  OPTIONAL MATCH (p:Perspective)
  WHERE EXISTS { MATCH (p)-[:ON]->(f) }
     OR EXISTS { MATCH (h:Client)-[:HOLDS]->(p) WHERE h IN clients }
     OR EXISTS { MATCH (p)-[:ON]->(b:BoundaryObject) WHERE b IN boundaryObjects }
  RETURN collect(DISTINCT p) AS perspectives
}
CALL (f, clients, interactions, boundaryObjects) {
  OPTIONAL MATCH (t:Tension)
  WHERE EXISTS { MATCH (t)-[:ABOUT]->(f) }
     OR EXISTS { MATCH (t)-[:ABOUT]->(x) WHERE x IN interactions OR x IN boundaryObjects }
     OR EXISTS { MATCH (t)-[:BETWEEN]->(c:Client) WHERE c IN clients }
  RETURN collect(DISTINCT t) AS tensions
}
RETURN f.id AS family,
       [n IN clients | n.id] AS clients,
       [n IN episodes | n.id] AS episodes,
       [n IN interactions | n.id] AS interactions,
       [n IN boundaryObjects | n.id] AS boundaryObjects,
       [n IN perspectives | n.id] AS perspectives,
       [n IN tensions | n.id] AS tensions
