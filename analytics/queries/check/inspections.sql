-- Purpose: every row of the analytic inspections table (event and object), leaving out events logged after a position
-- Params: end (seq)
-- Returns: event_id, key
SELECT event_id, object_key AS key
FROM inspections
WHERE event_id NOT IN (SELECT event_id FROM event_log WHERE seq > $end)
