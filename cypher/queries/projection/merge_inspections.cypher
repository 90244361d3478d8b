// Purpose: inspections of objects and the defects they found
// Params: rows [{ id, key, kind?, result?, sampleSize?, defectiveQty?, time, step?, equipment?, defects: [{ code, qty, severity? }] }]
// Returns: nothing
UNWIND $rows AS r
MATCH (i:Item {key: r.key})
MERGE (ins:Inspection {id: r.id + '|' + r.key})
SET ins.eventId = r.id, ins.kind = r.kind, ins.result = r.result, ins.sampleSize = r.sampleSize,
    ins.defectiveQty = r.defectiveQty, ins.time = r.time, ins.step = r.step, ins.equipment = r.equipment
MERGE (ins)-[:OF]->(i)
FOREACH (d IN r.defects |
  MERGE (def:Defect {code: d.code})
  MERGE (ins)-[f:FOUND]->(def)
  SET f.qty = d.qty, f.severity = d.severity)
