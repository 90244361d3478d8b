// Purpose: record the latest disposition of objects (a later event wins, whatever the arrival order)
// Params: rows [{ key, status, time }]
// Returns: nothing
UNWIND $rows AS r
MATCH (i:Item {key: r.key})
WITH i, r WHERE i.statusTime IS NULL OR i.statusTime <= r.time
SET i.status = r.status, i.statusTime = r.time
