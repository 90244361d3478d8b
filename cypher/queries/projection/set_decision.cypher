// Purpose: record the latest incoming-inspection decision on objects: release, reject, or a conditional release with its deviation reason and until day (a later event wins, whatever the arrival order)
// Params: rows [{ key, action: 'release'|'reject'|'conditional_release', time, by?, reason?, until?, eventId }]
// Returns: nothing
UNWIND $rows AS r
MATCH (i:Item {key: r.key})
WITH i, r WHERE i.decisionTime IS NULL OR i.decisionTime <= r.time
SET i.decision = r.action,
    i.decisionTime = r.time,
    i.decisionEvent = r.eventId,
    i.decisionBy = r.by,
    i.decisionReason = r.reason,
    i.deviationReason = CASE WHEN r.action = 'conditional_release' THEN r.reason END,
    i.deviationUntil = CASE WHEN r.action = 'conditional_release' THEN r.until END
