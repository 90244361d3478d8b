// Purpose: every inspection in the graph, for the consistency check
// Params: nothing
// Returns: id
MATCH (i:Inspection)
RETURN i.id AS id
