// Purpose: forward genealogy (where it went) of an object: every descendant once (pruning BFS expand, no path enumeration), with the feeds between them and the quantities made, consumed and received
// Params: key (canonical key of the root)
// Returns: one row per object: item map (with location, locationName, workOrder (of the operation that made it), producedQty, consumedQty, consumed flag, shippedQty, reachedShipment; hold: held, holdSince, holdBy, holdReason, holdCase; received, inspected), feeds (outgoing FEEDS as maps: from and to keys, toId, qty, uom, operation)
MATCH (root:Item {key: $key})
CALL (root) {
  OPTIONAL MATCH (root)-[:FEEDS*1..]->(d)
  RETURN collect(DISTINCT d) AS descendants
}
UNWIND [root] + descendants AS i
// One pass over the object's relationships gathers its feeds, consumption, production, shipments
// carrying it, material, inspections and supplier (one expansion instead of one per kind).
CALL (i) {
  OPTIONAL MATCH (i)-[r]-(x)
  WITH r, x, type(r) AS t, startNode(r) = i AS out
  RETURN
    collect(CASE WHEN t = 'FEEDS' AND out AND x:Item THEN {from: i.key, to: x.key, toId: x.id, qty: r.qty, uom: r.uom, operation: r.operation} END) AS feeds,
    count(CASE WHEN t = 'CONSUMED' AND NOT out AND x:Operation THEN 1 END) AS consumptions,
    sum(CASE WHEN t = 'CONSUMED' AND NOT out AND x:Operation THEN r.qty END) AS consumedQty,
    count(CASE WHEN t = 'PRODUCED' AND NOT out THEN 1 END) AS productions,
    sum(CASE WHEN t = 'PRODUCED' AND NOT out THEN r.qty END) AS producedQty,
    max(CASE WHEN t = 'PRODUCED' AND NOT out THEN x.workOrder END) AS workOrder,
    count(CASE WHEN t = 'CARRIES' AND NOT out THEN 1 END) AS carried,
    sum(CASE WHEN t = 'CARRIES' AND NOT out THEN r.qty END) AS carriedQty,
    collect(CASE WHEN t = 'OF' AND out AND x:Material THEN x END) AS materials,
    count(CASE WHEN t = 'OF' AND NOT out THEN 1 END) > 0 AS inspected,
    count(CASE WHEN t = 'SUPPLIED_BY' AND out THEN 1 END) > 0 AS supplied
}
// Shipped: carried itself, or inside containers that a shipment carried while it was packed in them.
CALL (i) {
  OPTIONAL MATCH (i)-[ks:PACKED_IN]->{1,8}()<-[:CARRIES]-(s)
  WHERE all(k IN ks WHERE k.since <= s.time AND (k.until IS NULL OR k.until > s.time))
  WITH DISTINCT s, ks[0] AS first
  RETURN count(s) AS packedShipped, sum(first.qty) AS packedQty
}
UNWIND CASE WHEN materials = [] THEN [null] ELSE materials END AS m
OPTIONAL MATCH (loc:Location {id: i.location})
RETURN i {.key, .id, .code, .kind, .status, .material, .supplierLot, .expiry, .receivedQty, .uom, materialName: m.name, materialType: m.materialType,
          .location, locationName: loc.name, workOrder: workOrder,
          producedQty: producedQty, consumedQty: consumedQty, consumed: consumptions > 0,
          held: coalesce(i.held, false), holdSince: i.holdSince, holdBy: i.holdBy, holdReason: i.holdReason, holdCase: i.holdCase,
          received: supplied OR (i.receivedAt IS NOT NULL AND productions = 0),
          inspected: inspected,
          reachedShipment: carried + packedShipped > 0, shippedQty: carriedQty + packedQty} AS item,
       feeds
