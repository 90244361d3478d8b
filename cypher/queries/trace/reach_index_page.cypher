// Purpose: one page of the reach index's start-up load (cypher/reach-index.ts): objects in key order after a key, each with its outgoing FEEDS, its outgoing PACKED_IN with their time spans, and the times of the shipments carrying it
// Params: after (key to continue after; '' for the first page), limit
// Returns: one row per object: key, kind, feeds (child keys), packed ([{ parent, since, until }]), carriers (times of the shipments carrying it)
MATCH (i:Item)
WHERE i.key > $after
WITH i
ORDER BY i.key
LIMIT toInteger($limit)
RETURN i.key AS key, i.kind AS kind,
       COLLECT { MATCH (i)-[:FEEDS]->(d:Item) RETURN d.key } AS feeds,
       COLLECT { MATCH (i)-[p:PACKED_IN]->(c:Item) RETURN {parent: c.key, since: p.since, until: p.until} } AS packed,
       COLLECT { MATCH (i)<-[:CARRIES]-(s) WHERE s.time IS NOT NULL RETURN s.time } AS carriers
