// Purpose: lot master data (ILMD), received quantity, material and supplier of objects
// Params: rows [{ key, material?, supplierLot?, lotNumber?, expiry?, productionDate?, receivedQty?, uom?, receivedAt?, supplier? }]
// Returns: nothing
UNWIND $rows AS r
MATCH (i:Item {key: r.key})
SET i.supplierLot = coalesce(r.supplierLot, i.supplierLot),
    i.lotNumber = coalesce(r.lotNumber, i.lotNumber),
    i.expiry = coalesce(r.expiry, i.expiry),
    i.productionDate = coalesce(r.productionDate, i.productionDate),
    i.receivedQty = coalesce(r.receivedQty, i.receivedQty),
    i.receivedAt = coalesce(r.receivedAt, i.receivedAt),
    i.uom = coalesce(i.uom, r.uom),
    i.material = coalesce(r.material, i.material)
FOREACH (m IN CASE WHEN r.material IS NULL THEN [] ELSE [r.material] END |
  MERGE (mat:Material {id: m})
  MERGE (i)-[:OF]->(mat))
FOREACH (s IN CASE WHEN r.supplier IS NULL THEN [] ELSE [r.supplier] END |
  MERGE (sup:Supplier {id: s})
  MERGE (i)-[:SUPPLIED_BY]->(sup))
