// Purpose: every operation in the graph, for the consistency check
// Params: nothing
// Returns: id
MATCH (o:Operation)
RETURN o.id AS id
