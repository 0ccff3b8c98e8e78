// What does the graph hold? Answers one row per node label and per relationship type:
// kind ('node' or 'relationship'), name, count. The loader's tests and docs compare
// these with hand-counted datasets. Parameters: none.
CALL () {
  MATCH (n) UNWIND labels(n) AS name RETURN 'node' AS kind, name, count(*) AS count
  UNION ALL
  MATCH ()-[r]->() RETURN 'relationship' AS kind, type(r) AS name, count(*) AS count
}
RETURN kind, name, count
