-- Purpose: every row of the analytic inspections table (event and object) up to a log position, leaving out rows whose position is not their event's (decision 048)
-- Params: end (seq)
-- Returns: event_id, key
SELECT i.event_id, i.object_key AS key
FROM inspections i
WHERE i.seq <= $end
  AND EXISTS (SELECT 1 FROM events e WHERE e.seq = i.seq AND e.event_id = i.event_id)
