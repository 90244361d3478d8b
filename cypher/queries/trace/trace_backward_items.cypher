// Purpose: the birth record's objects by key, as trace_backward gives them (the reach index found the root and its ancestors, cypher/reach-index.ts), with the graph checkpoint read after them in the same query, so the caller knows which graph the details come from
// Params: keys (canonical keys of the root and its ancestors, each once, root first), checkpoint (the checkpoint's name)
// Returns: one row: rows (per object, in the order of keys: item, feeds, ops, suppliers, inspections as trace_backward returns them), seq (the checkpoint, read after the rows: a batch committed while they were read shows as a later seq)
CALL () {
  UNWIND range(0, size($keys) - 1) AS n
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
CALL (rows) {
  OPTIONAL MATCH (c:Checkpoint {name: $checkpoint})
  WHERE rows IS NOT NULL
  RETURN coalesce(c.seq, 0) AS seq
}
RETURN rows, seq
