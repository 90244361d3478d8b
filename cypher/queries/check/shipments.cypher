// Purpose: every shipment in the graph, for the consistency check
// Params: nothing
// Returns: id
MATCH (s:Shipment)
RETURN s.id AS id
