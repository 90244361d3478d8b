-- Purpose: the distinct objects (kind and canonical key) the analytic event_objects rows name up to a log position
-- Params: end (seq)
-- Returns: kind, key
SELECT DISTINCT kind, object_key AS key
FROM event_objects
WHERE seq <= $end
