// Involvement periods to choose bench parameters from: each family with the start
// and end (or today) of one professional's INVOLVED_WITH, sorted so a seed picks the same.
// Parameters: $limit (how many rows at most).
MATCH (p:Professional)-[r:INVOLVED_WITH]->(f:Family)
RETURN f.id AS family, p.id AS professional, r.from AS from, coalesce(r.to, date()) AS to
ORDER BY family, professional, from
LIMIT $limit
