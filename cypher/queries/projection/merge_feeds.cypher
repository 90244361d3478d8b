// Purpose: material-flow edges parent -> child for operations, from what they consumed and produced
// Params: ops [operation id]
// Returns: nothing
UNWIND $ops AS opId
MATCH (o:Operation {id: opId})-[c:CONSUMED]->(a:Item)
WITH o, a, sum(c.qty) AS qty, collect(c.uom)[0] AS uom
MATCH (o)-[:PRODUCED]->(b:Item)
WHERE a <> b
MERGE (a)-[f:FEEDS {operation: o.id}]->(b)
SET f.qty = qty, f.uom = uom
