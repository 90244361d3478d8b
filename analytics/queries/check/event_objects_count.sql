-- Purpose: how many analytic event_objects rows there are, leaving out events logged after a position
-- Params: end (seq)
-- Returns: n
SELECT count(*)::BIGINT AS n
FROM event_objects
WHERE event_id NOT IN (SELECT event_id FROM event_log WHERE seq > $end)
