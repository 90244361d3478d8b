// Purpose: the figures behind a lot's mass balance, received and produced kept apart: received (receiving event), produced (sum of PRODUCED), consumed (sum of CONSUMED), with its material's name
// Params: ids (lot ids, as a recall scope names them)
// Returns: one row per lot found: id, receivedQty, producedQty, consumedQty, material, materialName, uom
UNWIND $ids AS id
MATCH (l:Item {id: id})
WHERE l.kind = 'lot'
CALL (l) {
  OPTIONAL MATCH (:Operation)-[p:PRODUCED]->(l)
  RETURN sum(p.qty) AS producedQty
}
CALL (l) {
  OPTIONAL MATCH (:Operation)-[c:CONSUMED]->(l)
  RETURN sum(c.qty) AS consumedQty
}
OPTIONAL MATCH (l)-[:OF]->(m:Material)
RETURN l.id AS id, coalesce(l.receivedQty, 0) AS receivedQty, producedQty, consumedQty, l.material AS material,
       m.name AS materialName, l.uom AS uom
