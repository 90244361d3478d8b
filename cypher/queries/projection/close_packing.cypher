// Purpose: unpacking (AggregationEvent DELETE) ends open packing at a time; child null = every child
// Params: rows [{ child?, parent, until }]
// Returns: nothing
UNWIND $rows AS r
MATCH (c:Item)-[k:PACKED_IN]->(p:Item {key: r.parent})
WHERE (r.child IS NULL OR c.key = r.child) AND k.until IS NULL AND k.since <= r.until
SET k.until = r.until
