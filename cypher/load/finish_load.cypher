// Records how a load ended: its finish time, status and counts (totals as properties,
// the per-file table as a JSON string, since properties cannot hold maps), and for a
// load that stopped early, why (the counts are then those of the rows read so far).
// Parameters: $loadId, $finishedAt (DateTime), $status ('DONE', 'FAILED' or
// 'INTERRUPTED'), $reason (text or null), $rows, $created, $updated, $unchanged,
// $rejected (integers), $fileCounts (JSON text).
MATCH (l:Load {id: $loadId})
SET l.finishedAt = $finishedAt, l.status = $status, l.reason = $reason, l.rows = $rows,
    l.created = $created, l.updated = $updated, l.unchanged = $unchanged,
    l.rejected = $rejected, l.fileCounts = $fileCounts
RETURN l.id AS id
