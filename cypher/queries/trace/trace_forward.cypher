// Purpose: forward genealogy (where it went) of an object: every descendant once (pruning BFS expand, no path enumeration), with the feeds between them and the quantities made, consumed and received
// Params: key (canonical key of the root)
// Returns: one row per object: item map (with producedQty, consumedQty, consumed flag), feeds (outgoing FEEDS as maps)
MATCH (root:Item {key: $key})
CALL (root) {
  OPTIONAL MATCH (root)-[:FEEDS*1..]->(d:Item)
  RETURN collect(DISTINCT d) AS descendants
}
UNWIND [root] + descendants AS i
CALL (i) {
  OPTIONAL MATCH (i)-[f:FEEDS]->(c:Item)
  RETURN collect(CASE WHEN f IS NOT NULL THEN {from: i.key, to: c.key, qty: f.qty, uom: f.uom, operation: f.operation} END) AS feeds
}
CALL (i) {
  OPTIONAL MATCH (:Operation)-[c:CONSUMED]->(i)
  RETURN count(c) AS consumptions, sum(c.qty) AS consumedQty
}
CALL (i) {
  OPTIONAL MATCH (:Operation)-[p:PRODUCED]->(i)
  RETURN sum(p.qty) AS producedQty
}
OPTIONAL MATCH (i)-[:OF]->(m:Material)
RETURN i {.key, .id, .code, .kind, .status, .material, .supplierLot, .expiry, .receivedQty, .uom, materialName: m.name, materialType: m.materialType,
          producedQty: producedQty, consumedQty: consumedQty, consumed: consumptions > 0} AS item,
       feeds
