// Purpose: every traceable object in the graph, for the consistency check
// Params: nothing
// Returns: key, kind
MATCH (i:Item)
RETURN i.key AS key, i.kind AS kind
