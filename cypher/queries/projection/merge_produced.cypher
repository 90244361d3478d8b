// Purpose: what each operation produced, one relationship per capturing event
// Params: rows [{ op, key, qty?, uom?, eventId }]
// Returns: nothing
UNWIND $rows AS r
MATCH (o:Operation {id: r.op})
MATCH (i:Item {key: r.key})
MERGE (o)-[p:PRODUCED {eventId: r.eventId}]->(i)
SET p.qty = r.qty, p.uom = r.uom
