// Purpose: for objects, the containers holding them now or when shipped (nested, time-aware packing) and the shipments and customers they reached
// Params: keys (canonical keys)
// Returns: key, direct (shipments carrying the object itself), packed (container chains with the shipment, if any, that carried them while the object was inside)
UNWIND $keys AS k
MATCH (i:Item {key: k})
CALL (i) {
  OPTIONAL MATCH (s:Shipment)-[c:CARRIES]->(i)
  OPTIONAL MATCH (s)-[:TO]->(cu:Customer)
  RETURN collect(CASE WHEN s IS NOT NULL THEN {shipment: s.id, time: s.time, customer: cu.id, customerName: cu.name, qty: c.qty, uom: c.uom} END) AS direct
}
CALL (i) {
  OPTIONAL MATCH p = (i)-[:PACKED_IN*1..8]->(c:Item)
  WITH c, relationships(p) AS rels, [n IN nodes(p)[1..] | n.key] AS chain
  OPTIONAL MATCH (s:Shipment)-[:CARRIES]->(c)
  WITH c, rels, chain, all(r IN rels WHERE r.until IS NULL) AS current,
       CASE WHEN s IS NOT NULL AND all(r IN rels WHERE r.since <= s.time AND (r.until IS NULL OR r.until > s.time)) THEN s END AS shipped
  WHERE c IS NOT NULL AND (current OR shipped IS NOT NULL)
  OPTIONAL MATCH (shipped)-[:TO]->(cu:Customer)
  RETURN collect({container: c.key, containerId: c.id, containerCode: c.code, chain: chain, current: current,
                  since: rels[0].since, until: rels[0].until,
                  shipment: shipped.id, time: shipped.time, customer: cu.id, customerName: cu.name,
                  qty: rels[0].qty, uom: rels[0].uom}) AS packed
}
RETURN i.key AS key, direct, packed
