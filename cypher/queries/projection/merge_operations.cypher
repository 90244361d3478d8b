// Purpose: one executed process step per transformation, with its equipment, operator and work order
// Params: rows [{ id, eventId, step?, time, line?, equipment?, operator?, workOrder?, bizStep? }]
// Returns: nothing
UNWIND $rows AS r
MERGE (o:Operation {id: r.id})
SET o.step = coalesce(r.step, o.step, r.bizStep),
    o.start = CASE WHEN o.start IS NULL OR r.time < o.start THEN r.time ELSE o.start END,
    o.end = CASE WHEN o.end IS NULL OR r.time > o.end THEN r.time ELSE o.end END,
    o.line = coalesce(r.line, o.line),
    o.equipment = coalesce(r.equipment, o.equipment),
    o.operator = coalesce(r.operator, o.operator),
    o.workOrder = coalesce(r.workOrder, o.workOrder),
    o.eventId = coalesce(o.eventId, r.eventId)
FOREACH (e IN CASE WHEN r.equipment IS NULL THEN [] ELSE [r.equipment] END |
  MERGE (eq:Equipment {id: e})
  MERGE (o)-[:ON]->(eq))
FOREACH (p IN CASE WHEN r.operator IS NULL THEN [] ELSE [r.operator] END |
  MERGE (op:Operator {id: p})
  MERGE (o)-[:BY]->(op))
FOREACH (w IN CASE WHEN r.workOrder IS NULL THEN [] ELSE [r.workOrder] END |
  MERGE (wo:WorkOrder {id: w})
  MERGE (o)-[:FOR]->(wo))
