// Purpose: how far the graph projection has applied the event log (same transaction as the batch)
// Params: name, seq
// Returns: nothing
MERGE (c:Checkpoint {name: $name})
SET c.seq = $seq
