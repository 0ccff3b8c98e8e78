// Records how a load ended: its finish time, status and counts (totals as properties,
// the per-file table as a JSON string, since properties cannot hold maps), and for a
// load that stopped early, why (the counts are then those of the rows read so far).
// A DONE load whose write generation still holds ($expectedGeneration: the one it
// advanced to before its first write, or the one it started at if it wrote nothing)
// is clean: `cleanGeneration` records it, with the files' `fingerprints`, so the next
// load of the dataset can skip the files that have not changed. Otherwise null.
// Parameters: $loadId, $finishedAt (DateTime), $status ('DONE', 'FAILED' or
// 'INTERRUPTED'), $reason (text or null), $rows, $created, $updated, $unchanged,
// $rejected (integers), $fileCounts (JSON text), $fingerprints (JSON text or null),
// $expectedGeneration (integer or null).
MATCH (l:Load {id: $loadId})
OPTIONAL MATCH (g:WriteGeneration {scope: 'database'})
WITH l, coalesce(g.value, 0) AS generation
SET l.finishedAt = $finishedAt, l.status = $status, l.reason = $reason, l.rows = $rows,
    l.created = $created, l.updated = $updated, l.unchanged = $unchanged,
    l.rejected = $rejected, l.fileCounts = $fileCounts,
    l.cleanGeneration = CASE
      WHEN $status = 'DONE' AND generation = $expectedGeneration THEN generation
    END,
    l.fingerprints = CASE WHEN $status = 'DONE' THEN $fingerprints END
RETURN l.id AS id, l.cleanGeneration AS cleanGeneration
