// How many families the store holds (names the store a side-by-side run used).
// Parameters: none. Returns one row: families.
MATCH (f:Family)
RETURN count(f) AS families
