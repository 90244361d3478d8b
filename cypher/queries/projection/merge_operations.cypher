// Purpose: one executed process step per transformation, with its equipment, operator and work order; says which operations this statement created (the projection then writes their relationships with CREATE)
// Params: rows [{ id, eventId, step?, time, line?, equipment?, operator?, workOrder?, bizStep? }]
// Returns: created [operation id] (one row)
UNWIND $rows AS r
MERGE (o:Operation {id: r.id})
// Every operation this statement did not create has its eventId (set below, never removed); one
// another transaction creates is matched only once that one has committed (the unique constraint).
WITH r, o, o.eventId IS NULL AS created
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
RETURN collect(DISTINCT CASE WHEN created THEN r.id END) AS created
