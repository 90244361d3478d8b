// Purpose: create every traceable object an event batch names (first sight decides its kind)
// Params: rows [{ key, id, code, kind: 'lot'|'unit'|'container' }]
// Returns: nothing
UNWIND $rows AS r
MERGE (i:Item {key: r.key})
  ON CREATE SET i.id = r.id, i.code = r.code, i.kind = r.kind
WITH i, r
FOREACH (_ IN CASE WHEN i.kind = 'lot' THEN [1] ELSE [] END | SET i:Lot)
FOREACH (_ IN CASE WHEN i.kind = 'unit' THEN [1] ELSE [] END | SET i:Unit)
FOREACH (_ IN CASE WHEN i.kind = 'container' THEN [1] ELSE [] END | SET i:Container)
