// Families with a professional who took part in one of their interactions (one hop
// apart), for the family cases of the path search; sorted so a seed picks the same.
// Parameters: $limit (how many pairs at most).
MATCH (p:Professional)-[:PARTICIPATED_IN]->(:Interaction)-[:CONCERNS]->(f:Family)
RETURN DISTINCT f.id AS family, p.id AS professional
ORDER BY family, professional
LIMIT $limit
