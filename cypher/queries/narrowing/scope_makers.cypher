// Purpose: the genealogy a recall narrowing works on: every object of an object's forward scope once (root included; pruning BFS expand, no path enumeration), the objects each one feeds and the operations that made it
// Params: key (canonical key of the root)
// Returns: one row per object: key, id, code, kind, supplierLot, supplied (received from a supplier), children (keys of the objects it feeds), ops (operations that produced it: id, step, start, end, line, equipment)
MATCH (root:Item {key: $key})
CALL (root) {
  OPTIONAL MATCH (root)-[:FEEDS*1..]->(d:Item)
  RETURN collect(DISTINCT d) AS descendants
}
UNWIND [root] + descendants AS i
CALL (i) {
  OPTIONAL MATCH (i)-[:FEEDS]->(c:Item)
  RETURN collect(DISTINCT c.key) AS children
}
CALL (i) {
  OPTIONAL MATCH (o:Operation)-[:PRODUCED]->(i)
  WITH DISTINCT o
  RETURN collect(CASE WHEN o IS NOT NULL THEN o {.id, .step, .start, .end, .line, .equipment} END) AS ops
}
RETURN i.key AS key, i.id AS id, i.code AS code, i.kind AS kind, i.supplierLot AS supplierLot,
       EXISTS { (i)-[:SUPPLIED_BY]->(:Supplier) } AS supplied, children, ops
