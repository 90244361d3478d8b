// Purpose: the genealogy relationships of the objects a projection batch touched, read again after it committed (cypher/reach-index.ts): the named objects and every object consumed or produced by the named operations, each with its FEEDS and PACKED_IN both ways and the times of the shipments carrying it
// Params: keys (canonical keys), ops (operation ids)
// Returns: one row per object: key, kind, feeds (child keys), feedsIn (parent keys), packed ([{ parent, since, until }]), packedIn ([{ child, since, until }]), carriers (times of the shipments carrying it)
CALL () {
  UNWIND $keys AS k
  MATCH (i:Item {key: k})
  RETURN i
  UNION
  UNWIND $ops AS op
  MATCH (:Operation {id: op})-[:CONSUMED|PRODUCED]->(i:Item)
  RETURN i
}
RETURN i.key AS key, i.kind AS kind,
       COLLECT { MATCH (i)-[:FEEDS]->(d:Item) RETURN d.key } AS feeds,
       COLLECT { MATCH (i)<-[:FEEDS]-(a:Item) RETURN a.key } AS feedsIn,
       COLLECT { MATCH (i)-[p:PACKED_IN]->(c:Item) RETURN {parent: c.key, since: p.since, until: p.until} } AS packed,
       COLLECT { MATCH (i)<-[p:PACKED_IN]-(c:Item) RETURN {child: c.key, since: p.since, until: p.until} } AS packedIn,
       COLLECT { MATCH (i)<-[:CARRIES]-(s) WHERE s.time IS NOT NULL RETURN s.time } AS carriers
