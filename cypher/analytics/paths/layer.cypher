// One layer of the boundaryCrossingPaths breadth-first search (kb.analytics.path_search):
// every professional or boundary object one hop from the frontier, through an
// interaction in the period (a hop is never object to object; clients are not
// steps). With $timed, a hop from a frontier node with a time must be no earlier
// ($forward: an earliest-arrival search) or no later (backwards: latest departure)
// than that time, and each node reached comes with the earliest (forward) or latest
// (backward) such interaction time; without, times are not read. Times are
// microseconds since the epoch (UTC), which the driver reads far faster than DateTimes.
// Answers: one row, `reached`: [id, professional?, time or null] per node.
// Parameters: $professionals, $objects (lists of {id, at}: the frontier, `at` its
// time in microseconds or null), $forward, $timed (booleans), $open (true when the period has no
// bounds), $after, $before (DateTime).
CALL () {
  UNWIND $professionals AS f
  MATCH (x:Professional {id: f.id})
  RETURN x, f.at AS bound
  UNION ALL
  UNWIND $objects AS f
  MATCH (x:BoundaryObject {id: f.id})
  RETURN x, f.at AS bound
}
MATCH (x)-[:PARTICIPATED_IN|WORKED_ON]-(i:Interaction)
WHERE ($open OR $after <= i.at < $before)
WITH x, bound, i, CASE WHEN $timed THEN i.at.epochSeconds * 1000000 + i.at.nanosecond / 1000 END AS at
WHERE at IS NULL OR bound IS NULL OR CASE WHEN $forward THEN at >= bound ELSE at <= bound END
MATCH (i)-[:PARTICIPATED_IN|WORKED_ON]-(y)
WHERE y <> x AND (y:Professional OR (y:BoundaryObject AND x:Professional))
WITH y, CASE WHEN $forward THEN min(at) ELSE max(at) END AS best
RETURN collect([y.id, y:Professional, best]) AS reached
