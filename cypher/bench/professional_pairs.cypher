// Pairs of professionals from different agencies involved with the same family, for
// path queries whose answer is not trivially empty; sorted so a seed picks the same.
// Parameters: $limit (how many pairs at most).
MATCH (a:Professional)-[:INVOLVED_WITH]->(f:Family)<-[:INVOLVED_WITH]-(b:Professional)
WHERE a.id < b.id
MATCH (a)-[:EMPLOYED_BY]->(x:Agency), (b)-[:EMPLOYED_BY]->(y:Agency)
WHERE x <> y
RETURN DISTINCT a.id AS source, b.id AS target, x.id AS sourceAgency, y.id AS targetAgency, f.id AS family
ORDER BY source, target
LIMIT $limit
