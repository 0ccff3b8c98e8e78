// Every property value of every node and relationship, as text, with its owner's label or
// type: lets the erasure tests check that nothing about an erased family is left anywhere.
// Parameters: none. Returns owner (first label, or type), ownerId (a node's id; null for
// a relationship), key, text.
CALL () {
  MATCH (n)
  UNWIND keys(n) AS key
  RETURN labels(n)[0] AS owner, n.id AS ownerId, key, n[key] AS value
  UNION ALL
  MATCH ()-[r]->()
  UNWIND keys(r) AS key
  RETURN type(r) AS owner, null AS ownerId, key, r[key] AS value
}
RETURN owner, ownerId, key,
       CASE WHEN valueType(value) STARTS WITH 'LIST'
            THEN reduce(s = '', x IN value | s + ' ' + toString(x))
            ELSE toString(value) END AS text
