// Purpose: the recall reach of several objects at once (a supplier-wide recall): every object downstream of any of them (FEEDS, pruning BFS expand per source, no path enumeration) and every container holding one of those now or when a shipment carried it (the trace service's packing rule), each once
// Params: keys (canonical keys of the sources)
// Returns: one row: keys (canonical keys of every object reached, the sources included), lots, units, containers (how many of each)
UNWIND $keys AS k
MATCH (root:Item {key: k})
CALL (root) {
  OPTIONAL MATCH (root)-[:FEEDS*1..]->(d)
  RETURN collect(DISTINCT d) AS descendants
}
UNWIND [root] + descendants AS i
WITH DISTINCT i
CALL (i) {
  RETURN i AS x
  UNION
  MATCH (i)-[ks:PACKED_IN]->{1,8}(c)
  WHERE all(p IN ks WHERE p.until IS NULL)
     OR EXISTS { MATCH (c)<-[:CARRIES]-(s) WHERE all(p IN ks WHERE p.since <= s.time AND (p.until IS NULL OR p.until > s.time)) }
  RETURN c AS x
}
WITH DISTINCT x
RETURN collect(x.key) AS keys, count(CASE x.kind WHEN 'lot' THEN 1 END) AS lots,
       count(CASE x.kind WHEN 'unit' THEN 1 END) AS units, count(CASE x.kind WHEN 'container' THEN 1 END) AS containers
