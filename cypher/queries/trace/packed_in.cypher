// Purpose: every packing relationship out of the given objects or containers (one level up), with its time span
// Params: keys (canonical keys)
// Returns: child (key), parent (key), parentId, parentCode, since, until, qty, uom
UNWIND $keys AS k
MATCH (c:Item {key: k})-[p:PACKED_IN]->(parent:Item)
RETURN k AS child, parent.key AS parent, parent.id AS parentId, parent.code AS parentCode,
       p.since AS since, p.until AS until, p.qty AS qty, p.uom AS uom
