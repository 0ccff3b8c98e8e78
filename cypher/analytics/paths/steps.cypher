// The hops of the boundaryCrossingPaths depth-first search (kb.analytics.path_search):
// for each node asked, every hop from it through an interaction in the period to
// another professional, or to a boundary object when the node is a professional
// (one per interaction and node, however many WORKED_ON rows join them).
// Answers: one row per node found: its id and `steps`: [interaction id, its time in
// microseconds since the epoch, node id, professional?].
// Parameters: $professionals, $objects (lists of ids), $open (true when the period
// has no bounds), $after, $before (DateTime).
CALL () {
  UNWIND $professionals AS key
  MATCH (x:Professional {id: key})
  RETURN x
  UNION ALL
  UNWIND $objects AS key
  MATCH (x:BoundaryObject {id: key})
  RETURN x
}
CALL (x) {
  MATCH (x)-[:PARTICIPATED_IN|WORKED_ON]-(i:Interaction)-[:PARTICIPATED_IN|WORKED_ON]-(y)
  WHERE ($open OR $after <= i.at < $before)
    AND y <> x AND (y:Professional OR (y:BoundaryObject AND x:Professional))
  WITH DISTINCT i, y
  RETURN collect([i.id, i.at.epochSeconds * 1000000 + i.at.nanosecond / 1000, y.id, y:Professional]) AS steps
}
RETURN x.id AS node, steps
