// A family as an end of boundaryCrossingPaths: the interactions about it in the
// period with the professionals who took part (a path reaches the family through
// one of them, as its last hop), and the boundary objects about it (reached at no hop).
// Answers: one row: `work`: [interaction id, time (microseconds since the epoch),
// [professional ids]], `objects`: [ids].
// Parameters: $id (family id), $after, $before (DateTime).
MATCH (f:Family {id: $id})
RETURN
  COLLECT {
    MATCH (f)<-[:CONCERNS]-(i:Interaction)
    WHERE $after <= i.at < $before
    RETURN [i.id, i.at.epochSeconds * 1000000 + i.at.nanosecond / 1000, COLLECT { MATCH (i)<-[:PARTICIPATED_IN]-(p:Professional) RETURN p.id }]
  } AS work,
  COLLECT { MATCH (f)<-[:CONCERNS]-(o:BoundaryObject) RETURN o.id } AS objects
