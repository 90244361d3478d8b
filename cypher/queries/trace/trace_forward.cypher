// Purpose: forward genealogy (where it went) of an object: every descendant once (pruning BFS expand, no path enumeration), with the feeds between them and the quantities made, consumed and received
// Params: key (canonical key of the root)
// Returns: one row per object: item map (with location, locationName, workOrder (of the operation that made it), producedQty, consumedQty, consumed flag, shippedQty, reachedShipment; hold: held, holdSince, holdBy, holdReason, holdCase; received, inspected), feeds (outgoing FEEDS as maps)
MATCH (root:Item {key: $key})
CALL (root) {
  OPTIONAL MATCH (root)-[:FEEDS*1..]->(d:Item)
  RETURN collect(DISTINCT d) AS descendants
}
UNWIND [root] + descendants AS i
CALL (i) {
  OPTIONAL MATCH (i)-[f:FEEDS]->(c:Item)
  RETURN collect(CASE WHEN f IS NOT NULL THEN {from: i.key, to: c.key, qty: f.qty, uom: f.uom, operation: f.operation} END) AS feeds
}
CALL (i) {
  OPTIONAL MATCH (:Operation)-[c:CONSUMED]->(i)
  RETURN count(c) AS consumptions, sum(c.qty) AS consumedQty
}
CALL (i) {
  OPTIONAL MATCH (o)-[p:PRODUCED]->(i)
  RETURN count(p) AS productions, sum(p.qty) AS producedQty, max(o.workOrder) AS workOrder
}
// Shipped: carried itself, or inside containers that a shipment carried while it was packed in them.
CALL (i) {
  OPTIONAL MATCH (s)-[c:CARRIES]->(i)
  RETURN count(s) AS carried, sum(c.qty) AS carriedQty
}
CALL (i) {
  OPTIONAL MATCH (i)-[ks:PACKED_IN]->{1,8}()<-[:CARRIES]-(s)
  WHERE all(k IN ks WHERE k.since <= s.time AND (k.until IS NULL OR k.until > s.time))
  WITH DISTINCT s, ks[0] AS first
  RETURN count(s) AS packedShipped, sum(first.qty) AS packedQty
}
OPTIONAL MATCH (i)-[:OF]->(m:Material)
OPTIONAL MATCH (loc:Location {id: i.location})
RETURN i {.key, .id, .code, .kind, .status, .material, .supplierLot, .expiry, .receivedQty, .uom, materialName: m.name, materialType: m.materialType,
          .location, locationName: loc.name, workOrder: workOrder,
          producedQty: producedQty, consumedQty: consumedQty, consumed: consumptions > 0,
          held: coalesce(i.held, false), holdSince: i.holdSince, holdBy: i.holdBy, holdReason: i.holdReason, holdCase: i.holdCase,
          received: EXISTS { (i)-[:SUPPLIED_BY]->() } OR (i.receivedAt IS NOT NULL AND productions = 0),
          inspected: EXISTS { (i)<-[:OF]-() },
          reachedShipment: carried + packedShipped > 0, shippedQty: carriedQty + packedQty} AS item,
       feeds
