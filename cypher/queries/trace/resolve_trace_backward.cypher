// Purpose: a birth record in one read when the reach index knows the identifier's canonical key: the objects the identifier names (as trace/resolve_item), the details of the root and its ancestors the index found (as trace/trace_backward_items) and the graph checkpoint, read after both
// Params: id (as given), key (its canonical key), supplier (a Supplier id to confine the search to, or null), keys (the index's root, $key, and its ancestors, root first), checkpoint (the checkpoint's name)
// Returns: one row: found (as trace/resolve_item's rows: key, id, kind, code, material, rank; only the best rank), rows (as trace/trace_backward_items), seq (the checkpoint, read last); the rows answer only when found is exactly the object keyed $key and seq is the index's
CALL () {
  CALL () {
    MATCH (i:Item {key: $key}) RETURN i, 0 AS rank
    UNION
    MATCH (i:Item {id: $id}) RETURN i, 0 AS rank
    UNION
    MATCH (i:Item {code: $id}) RETURN i, 1 AS rank
    UNION
    MATCH (i:Lot {supplierLot: $id}) RETURN i, 2 AS rank
  }
  WITH i, min(rank) AS rank
  WHERE $supplier IS NULL OR EXISTS { (i)-[:SUPPLIED_BY]->(:Supplier {id: $supplier}) }
  ORDER BY rank, i.key
  WITH collect({i: i, rank: rank}) AS hits
  RETURN [x IN hits WHERE x.rank = hits[0].rank | {key: x.i.key, id: x.i.id, kind: x.i.kind, code: x.i.code, material: x.i.material, rank: x.rank}] AS found
}
// The details only when the identifier names exactly the object the index walked from.
CALL (found) {
  UNWIND CASE WHEN size(found) = 1 AND found[0].key = $key THEN range(0, size($keys) - 1) ELSE [] END AS n
  MATCH (i:Item {key: $keys[n]})
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
  WITH n, i, feeds, ops, suppliers, inspections, consumptions, consumedQty, carried, carriedQty, packedShipped, packedQty,
       size(ops) AS productions, reduce(q = 0.0, o IN ops | q + coalesce(o.qty, 0)) AS producedQty
  OPTIONAL MATCH (i)-[:OF]->(m:Material)
  WITH n, {item: i {.key, .id, .code, .kind, .status, .material, .supplierLot, .expiry, .receivedQty, .receivedAt, .uom, materialName: m.name, materialType: m.materialType,
            producedQty: producedQty, consumedQty: consumedQty, consumed: consumptions > 0,
            held: coalesce(i.held, false), holdSince: i.holdSince, holdBy: i.holdBy, holdReason: i.holdReason, holdCase: i.holdCase,
            received: EXISTS { (i)-[:SUPPLIED_BY]->() } OR (i.receivedAt IS NOT NULL AND productions = 0),
            inspected: size(inspections) > 0,
            reachedShipment: carried + packedShipped > 0, shippedQty: carriedQty + packedQty},
         feeds: feeds, ops: ops, suppliers: suppliers, inspections: inspections} AS row
  ORDER BY n
  RETURN collect(row) AS rows
}
// Read after the rows (it depends on them): a batch that committed before they were all read
// shows here as a later checkpoint.
CALL (found, rows) {
  OPTIONAL MATCH (c:Checkpoint {name: $checkpoint})
  WHERE rows IS NOT NULL AND found IS NOT NULL
  RETURN coalesce(c.seq, 0) AS seq
}
RETURN found, rows, seq
