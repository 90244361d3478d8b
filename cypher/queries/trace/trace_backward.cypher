// Purpose: backward genealogy (birth record) of an object: every ancestor once (pruning BFS expand, no path enumeration), with the feeds between them, the operations that made them, suppliers and inspections
// Params: key (canonical key of the root)
// Returns: one row per object: item map, feeds (incoming FEEDS as maps), ops (operation maps), suppliers, inspections
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
OPTIONAL MATCH (i)-[:OF]->(m:Material)
RETURN i {.key, .id, .code, .kind, .status, .material, .supplierLot, .expiry, .receivedQty, .receivedAt, .uom, materialName: m.name, materialType: m.materialType} AS item,
       feeds, ops, suppliers, inspections
