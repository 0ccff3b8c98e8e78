// What a deleted family left behind (a deleteNode on a Family, before those were refused,
// removed the family node and its relationships and nothing else): the family-level nodes
// no family reaches any more, by the rules of family_footprint with "the family" read as
// "no family at all" (shared things, reached from another family, stay):
// - clients who belong to no family; episodes no family has;
// - interactions that concern no family and had one of those clients taking part or are
//   part of one of those episodes (interactions between professionals only, about no
//   family and in no such episode, are not family-level: they stay);
// - boundary objects that concern no family, that one of those interactions worked on
//   and that no other interaction did (an object no interaction worked on cannot be told
//   from one that was never a family's: it stays);
// - perspectives held by one of those clients, on one of those objects, or on nothing
//   (the deleted family was what they were on);
// - tensions about one of those interactions or objects, with one of those clients as a
//   party, or about nothing (they were about the deleted family).
// Which deleted family an orphan was part of cannot be told any more: all of them go.
// Parameters: none. Returns one row of id lists: family (null), clients, episodes,
// interactions, boundaryObjects, perspectives, tensions.
CALL () {
  OPTIONAL MATCH (c:Client) WHERE NOT (c)-[:BELONGS_TO]->(:Family)
  RETURN collect(c) AS clients
}
CALL () {
  OPTIONAL MATCH (e:Episode) WHERE NOT (:Family)-[:HAS_EPISODE]->(e)
  RETURN collect(e) AS episodes
}
CALL (clients, episodes) {
  OPTIONAL MATCH (i:Interaction)
  WHERE NOT (i)-[:CONCERNS]->(:Family)
    AND (EXISTS { MATCH (c:Client)-[:PARTICIPATED_IN]->(i) WHERE c IN clients }
         OR EXISTS { MATCH (i)-[:PART_OF]->(e:Episode) WHERE e IN episodes })
  RETURN collect(i) AS interactions
}
CALL (interactions) {
  OPTIONAL MATCH (b:BoundaryObject)
  WHERE NOT (b)-[:CONCERNS]->(:Family)
    AND EXISTS { MATCH (i:Interaction)-[:WORKED_ON]->(b) WHERE i IN interactions }
    AND NOT EXISTS { MATCH (i:Interaction)-[:WORKED_ON]->(b) WHERE NOT i IN interactions }
  RETURN collect(b) AS boundaryObjects
}
CALL (clients, boundaryObjects) {
  OPTIONAL MATCH (p:Perspective)
  WHERE EXISTS { MATCH (h:Client)-[:HOLDS]->(p) WHERE h IN clients }
     OR EXISTS { MATCH (p)-[:ON]->(b:BoundaryObject) WHERE b IN boundaryObjects }
     OR NOT (p)-[:ON]->()
  RETURN collect(p) AS perspectives
}
CALL (clients, interactions, boundaryObjects) {
  OPTIONAL MATCH (t:Tension)
  WHERE EXISTS { MATCH (t)-[:ABOUT]->(x) WHERE x IN interactions OR x IN boundaryObjects }
     OR EXISTS { MATCH (t)-[:BETWEEN]->(c:Client) WHERE c IN clients }
     OR NOT (t)-[:ABOUT]->()
  RETURN collect(t) AS tensions
}
RETURN null AS family,
       [n IN clients | n.id] AS clients,
       [n IN episodes | n.id] AS episodes,
       [n IN interactions | n.id] AS interactions,
       [n IN boundaryObjects | n.id] AS boundaryObjects,
       [n IN perspectives | n.id] AS perspectives,
       [n IN tensions | n.id] AS tensions
