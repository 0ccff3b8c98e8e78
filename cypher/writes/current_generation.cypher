// Which write generation is the database at (0 before the first write)?
// Answers one row: generation. Parameters: none.
OPTIONAL MATCH (g:WriteGeneration {scope: 'database'})
RETURN coalesce(g.value, 0) AS generation
