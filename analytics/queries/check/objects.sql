-- Purpose: the distinct objects (kind and canonical key) the analytic event_objects rows name, leaving out events logged after a position
-- Params: end (seq)
-- Returns: kind, key
SELECT DISTINCT kind, object_key AS key
FROM event_objects
WHERE event_id NOT IN (SELECT event_id FROM event_log WHERE seq > $end)
