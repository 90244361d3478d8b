// Purpose: the bulk path's packing: plain CREATE of PACKED_IN between objects found by key
// Params: rows [{ a (child key), b (container key) }]
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Item {key: r.a})
MATCH (b:Item {key: r.b})
CREATE (a)-[:PACKED_IN {since: '2026-01-05T06:00:00.000Z'}]->(b)
