// How many readFamily audit events the trail holds (bench/explorer.py counts the events
// opening a family writes as the difference before and after).
// Parameters: none.
MATCH (e:AuditEvent {operation: 'readFamily'})
RETURN count(e) AS events
