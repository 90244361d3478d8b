// Purpose: every object on hold now, oldest hold first
// Params: nothing
// Returns: key, id, kind, code, material, materialName, since, by, reason, caseId
MATCH (i:Item)
WHERE i.held = true
OPTIONAL MATCH (i)-[:OF]->(m:Material)
RETURN i.key AS key, i.id AS id, i.kind AS kind, i.code AS code, i.material AS material, m.name AS materialName,
       i.holdSince AS since, i.holdBy AS by, i.holdReason AS reason, i.holdCase AS caseId
ORDER BY since, id
