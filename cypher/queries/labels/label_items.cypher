// Purpose: what a label prints about each object: its properties, its material (name, GTIN, unit), its supplier, the quantity made, and what a container holds now
// Params: keys (canonical keys of lots, units and containers)
// Returns: key, item (all properties), material {id, name, gtin, uom} or null, supplier {id, name} or null, producedQty, producedUom, contents [{id, kind, code, qty, uom, material, materialName}]
UNWIND $keys AS k
MATCH (i:Item {key: k})
OPTIONAL MATCH (i)-[:OF]->(m:Material)
CALL (i) {
  OPTIONAL MATCH (i)-[:SUPPLIED_BY]->(s:Supplier)
  WITH s ORDER BY s.id
  RETURN collect(s {.id, .name})[0] AS supplier
}
CALL (i) {
  OPTIONAL MATCH (:Operation)-[p:PRODUCED]->(i)
  RETURN sum(p.qty) AS producedQty, collect(DISTINCT p.uom)[0] AS producedUom, count(p) AS produced
}
CALL (i) {
  OPTIONAL MATCH (c:Item)-[pk:PACKED_IN]->(i)
  WHERE pk.until IS NULL
  OPTIONAL MATCH (c)-[:OF]->(cm:Material)
  WITH c, pk, cm ORDER BY c.code
  RETURN collect(CASE WHEN c IS NOT NULL THEN {id: c.id, kind: c.kind, code: c.code, qty: pk.qty, uom: pk.uom, material: c.material, materialName: cm.name} END) AS contents
}
RETURN k AS key, properties(i) AS item,
       CASE WHEN m IS NULL THEN null ELSE m {.id, .name, .gtin, .uom} END AS material,
       supplier,
       CASE WHEN produced = 0 THEN null ELSE producedQty END AS producedQty, producedUom, contents
