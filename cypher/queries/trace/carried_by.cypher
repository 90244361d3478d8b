// Purpose: the shipments that carried the given objects or containers themselves, with their customers
// Params: keys (canonical keys)
// Returns: key, shipment, time, customer, customerName, qty, uom
UNWIND $keys AS k
MATCH (s:Shipment)-[c:CARRIES]->(:Item {key: k})
OPTIONAL MATCH (s)-[:TO]->(cu:Customer)
RETURN k AS key, s.id AS shipment, s.time AS time, cu.id AS customer, cu.name AS customerName, c.qty AS qty, c.uom AS uom
