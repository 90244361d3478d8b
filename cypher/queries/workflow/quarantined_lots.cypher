// Purpose: received lots still in quarantine (never inspected, no decision, no disposition that ends quarantine, not held, consumed or shipped), for the incoming-inspection sweep
// Params: limit (how many at most, oldest receipt first)
// Returns: id, code, material, supplier (the first supplier's id, or null), receivedAt
MATCH (i:Item {kind: 'lot'})
WHERE (EXISTS { (i)-[:SUPPLIED_BY]->() } OR (i.receivedAt IS NOT NULL AND NOT EXISTS { (i)<-[:PRODUCED]-() }))
  AND NOT EXISTS { (i)<-[:OF]-() }
  AND i.decision IS NULL
  AND NOT coalesce(i.status, '') IN ['destroyed', 'disposed', 'non_conformant', 'in_transit', 'retail_sold', 'conformant']
  AND NOT coalesce(i.held, false)
  AND NOT EXISTS { (i)<-[:CONSUMED]-() }
  AND NOT EXISTS { (i)<-[:CARRIES]-() }
CALL (i) {
  OPTIONAL MATCH (i)-[:SUPPLIED_BY]->(s:Supplier)
  WITH s ORDER BY s.id
  RETURN collect(s.id)[0] AS supplier
}
RETURN i.id AS id, i.code AS code, i.material AS material, supplier, i.receivedAt AS receivedAt
ORDER BY i.receivedAt, i.id
LIMIT toInteger($limit)
