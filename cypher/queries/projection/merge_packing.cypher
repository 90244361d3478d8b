// Purpose: packing (AggregationEvent ADD): child in container from a time on, one relationship per event
// Params: rows [{ child, parent, since, qty?, uom?, eventId }]
// Returns: nothing
UNWIND $rows AS r
MATCH (c:Item {key: r.child})
MATCH (p:Item {key: r.parent})
MERGE (c)-[k:PACKED_IN {eventId: r.eventId}]->(p)
SET k.since = r.since, k.qty = r.qty, k.uom = r.uom
