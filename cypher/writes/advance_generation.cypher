// Advances the database-wide write generation by one: every path that writes the
// knowledge model (a load, before its first batch; a mutation; an erasure) runs this in
// its own transaction, so "no write since generation g" is "the generation is still g".
// A load whose files are unchanged and whose generation still holds skips comparing.
// Answers one row: generation (the new value). Parameters: none.
MERGE (g:WriteGeneration {scope: 'database'})
SET g.value = coalesce(g.value, 0) + 1, g.advancedAt = datetime()
RETURN g.value AS generation
