// Purpose: the hold and the facts the state derives from, for objects given by canonical key (containers in traces, the objects a hold names)
// Params: keys (canonical keys)
// Returns: key, id, kind, code, material, status, held, holdSince, holdBy, holdReason, holdCase, received, inspected, reachedShipment (itself, or inside containers a shipment carried while it was packed in them), consumed
UNWIND $keys AS k
MATCH (i:Item {key: k})
RETURN i.key AS key, i.id AS id, i.kind AS kind, i.code AS code, i.material AS material, i.status AS status,
       coalesce(i.held, false) AS held, i.holdSince AS holdSince, i.holdBy AS holdBy, i.holdReason AS holdReason,
       i.holdCase AS holdCase,
       EXISTS { (i)-[:SUPPLIED_BY]->() }
         OR (i.receivedAt IS NOT NULL AND NOT EXISTS { (i)<-[:PRODUCED]-() }) AS received,
       EXISTS { (i)<-[:OF]-() } AS inspected,
       EXISTS { (i)<-[:CARRIES]-() }
         OR EXISTS {
           MATCH (i)-[ks:PACKED_IN]->{1,8}()<-[:CARRIES]-(s)
           WHERE all(x IN ks WHERE x.since <= s.time AND (x.until IS NULL OR x.until > s.time))
         } AS reachedShipment,
       EXISTS { (i)<-[:CONSUMED]-() } AS consumed
