// Purpose: what each operation consumed, one relationship per capturing event
// Params: rows [{ op, key, qty?, uom?, eventId }]
// Returns: nothing
UNWIND $rows AS r
MATCH (o:Operation {id: r.op})
MATCH (i:Item {key: r.key})
MERGE (o)-[c:CONSUMED {eventId: r.eventId}]->(i)
SET c.qty = r.qty, c.uom = r.uom
