// TEST ONLY: a deliberately expensive read (about 10^9 steps, minutes of CPU), used to
// check that the server-side transaction timeout cuts a runaway query off.
// Parameters: none. Returns one row, n, if it is ever allowed to finish.
UNWIND range(1, 1000000000) AS i
WITH i WHERE i % 7919 = 7920
RETURN count(i) AS n
