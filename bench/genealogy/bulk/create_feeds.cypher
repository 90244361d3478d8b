// Purpose: the bulk path's material flow: plain CREATE of FEEDS between objects found by key
// Params: rows [{ a (parent key), b (child key), qty }]
// Returns: nothing
UNWIND $rows AS r
MATCH (a:Item {key: r.a})
MATCH (b:Item {key: r.b})
CREATE (a)-[:FEEDS {qty: r.qty, operation: 'bulk'}]->(b)
