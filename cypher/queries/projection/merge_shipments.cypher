// Purpose: shipments, what they carried and to which customer
// Params: rows [{ id, time, eventId, customer?, carries: [{ key, qty?, uom? }] }]
// Returns: nothing
UNWIND $rows AS r
MERGE (s:Shipment {id: r.id})
SET s.time = coalesce(s.time, r.time), s.eventId = coalesce(s.eventId, r.eventId)
FOREACH (cu IN CASE WHEN r.customer IS NULL THEN [] ELSE [r.customer] END |
  MERGE (c:Customer {id: cu})
  MERGE (s)-[:TO]->(c))
WITH s, r
UNWIND r.carries AS x
MATCH (i:Item {key: x.key})
MERGE (s)-[k:CARRIES]->(i)
SET k.qty = x.qty, k.uom = x.uom
