// An agency as an end of boundaryCrossingPaths: the professionals it employed on
// some day of the period, with each employment period there (kb.analytics.path_search
// checks the day of the path's first or last interaction against them).
// Answers: one row per professional: id and `periods`: [from, to] (to null = still employed).
// Parameters: $id (agency id), $firstDay, $lastDay (Date; the days the period
// touches, null for the empty period).
MATCH (:Agency {id: $id})<-[e:EMPLOYED_BY]-(p:Professional)
WHERE e.from <= $lastDay AND (e.to IS NULL OR e.to >= $firstDay)
RETURN p.id AS professional, collect([e.from, e.to]) AS periods
