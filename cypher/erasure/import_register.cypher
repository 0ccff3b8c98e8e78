// Puts an exported register back (kb erasures import), e.g. into a restored backup taken
// before some erasures; hashes already held are kept as they are.
// Parameters: $rows (list of maps {hash, family, erasedAt (ISO-8601 text)}).
// Returns added (how many hashes were new).
UNWIND $rows AS row
MERGE (x:ErasedId {hash: row.hash})
ON CREATE SET x.family = row.family, x.erasedAt = datetime(row.erasedAt), x.added = true
WITH x, x.added IS NOT NULL AS added
REMOVE x.added
RETURN count(CASE WHEN added THEN 1 END) AS added
