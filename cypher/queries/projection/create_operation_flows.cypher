// Purpose: what operations created in the same transaction consumed and produced, and their material-flow edges: as merge_consumed, merge_produced and merge_feeds write them, with CREATE (such an operation has no relationship yet) and one index lookup per operation
// Params: ops [{ id, consumed: [{ key, qty?, uom?, eventId }], produced: [same], feeds: boolean }] (rows unique by key and eventId per operation)
// Returns: nothing
UNWIND $ops AS g
MATCH (o:Operation {id: g.id})
CALL (o, g) {
  UNWIND g.consumed AS r
  MATCH (i:Item {key: r.key})
  CREATE (o)-[:CONSUMED {eventId: r.eventId, qty: r.qty, uom: r.uom}]->(i)
}
CALL (o, g) {
  UNWIND g.produced AS r
  MATCH (i:Item {key: r.key})
  CREATE (o)-[:PRODUCED {eventId: r.eventId, qty: r.qty, uom: r.uom}]->(i)
}
CALL (o, g) {
  MATCH (o)-[c:CONSUMED]->(a:Item)
  WHERE g.feeds
  WITH o, a, sum(c.qty) AS qty, collect(c.uom)[0] AS uom
  MATCH (o)-[:PRODUCED]->(b:Item)
  WHERE a <> b
  // an operation may produce one object in several events: one edge, as MERGE makes it
  WITH DISTINCT o, a, b, qty, uom
  CREATE (a)-[:FEEDS {operation: o.id, qty: qty, uom: uom}]->(b)
}
