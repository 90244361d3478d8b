// Purpose: one traceable object as its detail panel shows it: every property, its material, suppliers, inspections with defects, and the operations that made it with what they consumed
// Params: key (canonical key of the object)
// Returns: item (all properties), materialName, materialType, suppliers [{id, name}], inspections [{id, kind, result, time, sampleSize, defectiveQty, step, equipment, defects}], operations [{id, step, start, end, line, equipment, operator, workOrder, qty, uom, inputs}]
MATCH (i:Item {key: $key})
OPTIONAL MATCH (i)-[:OF]->(m:Material)
CALL (i) {
  OPTIONAL MATCH (i)-[:SUPPLIED_BY]->(s:Supplier)
  RETURN collect(CASE WHEN s IS NOT NULL THEN s {.id, .name} END) AS suppliers
}
CALL (i) {
  OPTIONAL MATCH (ins:Inspection)-[:OF]->(i)
  OPTIONAL MATCH (ins)-[fd:FOUND]->(d:Defect)
  WITH ins, collect(CASE WHEN d IS NOT NULL THEN {code: d.code, qty: fd.qty, severity: fd.severity} END) AS defects
  ORDER BY ins.time, ins.id
  RETURN collect(CASE WHEN ins IS NOT NULL THEN ins {.id, .kind, .result, .time, .sampleSize, .defectiveQty, .step, .equipment, defects: defects} END) AS inspections
}
CALL (i) {
  OPTIONAL MATCH (o:Operation)-[pr:PRODUCED]->(i)
  CALL (o) {
    OPTIONAL MATCH (o)-[c:CONSUMED]->(x:Item)
    OPTIONAL MATCH (x)-[:OF]->(xm:Material)
    WITH x, xm, c ORDER BY x.code
    RETURN collect(CASE WHEN x IS NOT NULL THEN {id: x.id, kind: x.kind, code: x.code, material: x.material, materialName: xm.name, qty: c.qty, uom: c.uom} END) AS inputs
  }
  WITH o, pr, inputs ORDER BY o.start, o.id
  RETURN collect(CASE WHEN o IS NOT NULL THEN o {.id, .step, .start, .end, .line, .equipment, .operator, .workOrder, qty: pr.qty, uom: pr.uom, inputs: inputs} END) AS operations
}
RETURN properties(i) AS item, m.name AS materialName, m.materialType AS materialType, suppliers, inspections, operations
