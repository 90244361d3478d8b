// Purpose: put objects on hold or release them (an overlay beside the disposition; a later event wins, whatever the arrival order)
// Params: rows [{ key, held: boolean, time, by?, reason?, case?, eventId }]
// Returns: nothing
UNWIND $rows AS r
MATCH (i:Item {key: r.key})
WITH i, r WHERE i.holdTime IS NULL OR i.holdTime <= r.time
SET i.held = r.held,
    i.holdTime = r.time,
    i.holdEvent = r.eventId,
    i.holdSince = CASE WHEN r.held THEN r.time END,
    i.holdBy = CASE WHEN r.held THEN r.by END,
    i.holdReason = CASE WHEN r.held THEN r.reason END,
    i.holdCase = CASE WHEN r.held THEN r.case END,
    i.releasedAt = CASE WHEN r.held THEN null ELSE r.time END,
    i.releasedBy = CASE WHEN r.held THEN null ELSE r.by END,
    i.releaseReason = CASE WHEN r.held THEN null ELSE r.reason END
