// Purpose: the material status facts of lots by canonical key: state facts (disposition, hold, decision and deviation, received, inspected), quantities made, consumed and shipped, expiry, age, material, supplier and location
// Params: keys (canonical keys; unknown keys give no row)
// Returns: key, id, kind, code, material, materialName, supplier, supplierName, status, held, holdSince, holdBy, holdReason, holdCase, decision, decisionTime, decisionBy, deviationReason, deviationUntil, received, inspected, expiry, receivedAt, productionDate, receivedQty, producedQty, consumedQty, shippedQty, uom, location, locationName
UNWIND $keys AS k
MATCH (i:Item {key: k})
CALL (i) {
  OPTIONAL MATCH (:Operation)-[c:CONSUMED]->(i)
  RETURN sum(coalesce(c.qty, 0)) AS consumedQty
}
CALL (i) {
  OPTIONAL MATCH (:Operation)-[p:PRODUCED]->(i)
  RETURN count(p) AS productions, sum(coalesce(p.qty, 0)) AS producedQty
}
// Shipped: carried itself, or inside containers that a shipment carried while it was packed in them.
CALL (i) {
  OPTIONAL MATCH (:Shipment)-[c:CARRIES]->(i)
  RETURN sum(coalesce(c.qty, 0)) AS carriedQty
}
CALL (i) {
  OPTIONAL MATCH (i)-[ks:PACKED_IN]->{1,8}()<-[:CARRIES]-(s)
  WHERE all(x IN ks WHERE x.since <= s.time AND (x.until IS NULL OR x.until > s.time))
  WITH DISTINCT s, ks[0] AS first
  RETURN sum(coalesce(first.qty, 0)) AS packedQty
}
OPTIONAL MATCH (i)-[:OF]->(m:Material)
OPTIONAL MATCH (loc:Location {id: i.location})
CALL (i) {
  OPTIONAL MATCH (i)-[:SUPPLIED_BY]->(s:Supplier)
  WITH s ORDER BY s.id
  RETURN collect(s)[0] AS sup
}
RETURN i.key AS key, i.id AS id, i.kind AS kind, i.code AS code, i.material AS material, m.name AS materialName,
       sup.id AS supplier, sup.name AS supplierName, i.status AS status,
       coalesce(i.held, false) AS held, i.holdSince AS holdSince, i.holdBy AS holdBy, i.holdReason AS holdReason,
       i.holdCase AS holdCase,
       i.decision AS decision, i.decisionTime AS decisionTime, i.decisionBy AS decisionBy,
       i.deviationReason AS deviationReason, i.deviationUntil AS deviationUntil,
       sup IS NOT NULL OR (i.receivedAt IS NOT NULL AND productions = 0) AS received,
       EXISTS { (:Inspection)-[:OF]->(i) } AS inspected,
       i.expiry AS expiry, i.receivedAt AS receivedAt, i.productionDate AS productionDate,
       coalesce(i.receivedQty, 0.0) AS receivedQty, producedQty, consumedQty, carriedQty + packedQty AS shippedQty,
       i.uom AS uom, i.location AS location, loc.name AS locationName
