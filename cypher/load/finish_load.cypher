// Records how a load ended: its finish time, status and counts (totals as properties,
// the per-file table as a JSON string, since properties cannot hold maps).
// Parameters: $loadId, $finishedAt (DateTime), $status ('DONE'), $rows, $created,
// $updated, $unchanged, $rejected (integers), $fileCounts (JSON text).
MATCH (l:Load {id: $loadId})
SET l.finishedAt = $finishedAt, l.status = $status, l.rows = $rows, l.created = $created,
    l.updated = $updated, l.unchanged = $unchanged, l.rejected = $rejected,
    l.fileCounts = $fileCounts
RETURN l.id AS id
