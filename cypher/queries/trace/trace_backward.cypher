// Purpose: backward genealogy (birth record) of an object: every ancestor once (pruning BFS expand, no path enumeration), with the feeds between them, the operations that made them, suppliers and inspections
// Params: key (canonical key of the root)
// Returns: one row per object: item map (with the quantities and facts its state derives from, and its hold: held, holdSince, holdBy, holdReason, holdCase), feeds (incoming FEEDS as maps), ops (operation maps), suppliers, inspections
MATCH (root:Item {key: $key})
CALL (root) {
  OPTIONAL MATCH (root)<-[:FEEDS*1..]-(a:Item)
  RETURN collect(DISTINCT a) AS ancestors
}
UNWIND [root] + ancestors AS i
CALL (i) {
  OPTIONAL MATCH (p:Item)-[f:FEEDS]->(i)
  RETURN collect(CASE WHEN f IS NOT NULL THEN {from: p.key, to: i.key, qty: f.qty, uom: f.uom, operation: f.operation} END) AS feeds
}
CALL (i) {
  OPTIONAL MATCH (o:Operation)-[pr:PRODUCED]->(i)
  RETURN collect(CASE WHEN o IS NOT NULL THEN o {.id, .step, .start, .end, .line, .equipment, .operator, .workOrder, qty: pr.qty, uom: pr.uom} END) AS ops
}
CALL (i) {
  OPTIONAL MATCH (i)-[:SUPPLIED_BY]->(s:Supplier)
  RETURN collect(CASE WHEN s IS NOT NULL THEN s {.id, .name} END) AS suppliers
}
CALL (i) {
  OPTIONAL MATCH (ins:Inspection)-[:OF]->(i)
  OPTIONAL MATCH (ins)-[fd:FOUND]->(d:Defect)
  WITH ins, collect(CASE WHEN d IS NOT NULL THEN {code: d.code, qty: fd.qty, severity: fd.severity} END) AS defects
  RETURN collect(CASE WHEN ins IS NOT NULL THEN ins {.id, .kind, .result, .time, .sampleSize, .defectiveQty, defects: defects} END) AS inspections
}
CALL (i) {
  OPTIONAL MATCH ()-[c:CONSUMED]->(i)
  RETURN count(c) AS consumptions, sum(c.qty) AS consumedQty
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
WITH i, feeds, ops, suppliers, inspections, consumptions, consumedQty, carried, carriedQty, packedShipped, packedQty,
     size(ops) AS productions, reduce(q = 0.0, o IN ops | q + coalesce(o.qty, 0)) AS producedQty
OPTIONAL MATCH (i)-[:OF]->(m:Material)
RETURN i {.key, .id, .code, .kind, .status, .material, .supplierLot, .expiry, .receivedQty, .receivedAt, .uom, materialName: m.name, materialType: m.materialType,
          producedQty: producedQty, consumedQty: consumedQty, consumed: consumptions > 0,
          held: coalesce(i.held, false), holdSince: i.holdSince, holdBy: i.holdBy, holdReason: i.holdReason, holdCase: i.holdCase,
          received: EXISTS { (i)-[:SUPPLIED_BY]->() } OR (i.receivedAt IS NOT NULL AND productions = 0),
          inspected: size(inspections) > 0,
          reachedShipment: carried + packedShipped > 0, shippedQty: carriedQty + packedQty} AS item,
       feeds, ops, suppliers, inspections
