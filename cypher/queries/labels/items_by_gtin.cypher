// Purpose: the plant-internal objects a GS1 Digital Link built from master data names: a lot or unit by its code whose material has the GTIN
// Params: gtin (14 digits), code (lot or serial number as printed), kind ('lot' or 'unit'), supplier (a Supplier id to confine the search to, or null)
// Returns: key, id, kind, code, material
MATCH (m:Material)
WHERE m.gtin IS NOT NULL AND right('0000000000000' + toString(m.gtin), 14) = $gtin
MATCH (i:Item {code: $code})-[:OF]->(m)
WHERE i.kind = $kind
  AND ($supplier IS NULL OR EXISTS { (i)-[:SUPPLIED_BY]->(:Supplier {id: $supplier}) })
RETURN i.key AS key, i.id AS id, i.kind AS kind, i.code AS code, i.material AS material
ORDER BY i.key
