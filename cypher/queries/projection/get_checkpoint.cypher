// Purpose: how far the graph projection has applied the event log
// Params: name
// Returns: seq (0 when nothing applied)
OPTIONAL MATCH (c:Checkpoint {name: $name})
RETURN coalesce(c.seq, 0) AS seq
