// Purpose: withdraws what events declared erroneous (EPCIS errorDeclaration) put in the genealogy: their consumption, production and packing relationships, their inspections, the objects their shipments carried; an operation left with no input or output goes, its FEEDS edges are derived again by merge_feeds
// Params: rows [{ eventId, op? (operation id of a TransformationEvent), keys (objects of the event) }]
// Returns: nothing
UNWIND $rows AS r
CALL (r) {
  MATCH ()-[x:CONSUMED|PRODUCED|PACKED_IN {eventId: r.eventId}]->()
  DELETE x
}
CALL (r) {
  MATCH (ins:Inspection {eventId: r.eventId})
  DETACH DELETE ins
}
CALL (r) {
  MATCH (s:Shipment {eventId: r.eventId})-[k:CARRIES]->(i:Item)
  WHERE i.key IN r.keys
  DELETE k
  WITH DISTINCT s
  WHERE NOT (s)-[:CARRIES]->()
  DETACH DELETE s
}
CALL (r) {
  MATCH (o:Operation {id: r.op})
  OPTIONAL MATCH ()-[f:FEEDS {operation: o.id}]->()
  DELETE f
  WITH DISTINCT o
  WHERE NOT (o)-[:CONSUMED|PRODUCED]->()
  DETACH DELETE o
}
