// Purpose: empty the graph projection before a rebuild, in batches
// Params: nothing
// Returns: nothing
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
