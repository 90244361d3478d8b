// Purpose: record where objects are: the business location of the latest event that names one (a later event wins, whatever the arrival order)
// Params: rows [{ key, location, time }]
// Returns: nothing
UNWIND $rows AS r
MATCH (i:Item {key: r.key})
WITH i, r WHERE i.locationTime IS NULL OR i.locationTime <= r.time
SET i.location = r.location, i.locationTime = r.time
