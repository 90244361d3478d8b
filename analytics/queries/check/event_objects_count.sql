-- Purpose: how many analytic event_objects rows there are up to a log position, counting only rows whose position is their event's (decision 048)
-- Params: end (seq)
-- Returns: n
SELECT count(*)::BIGINT AS n
FROM event_objects o
WHERE o.seq <= $end
  AND EXISTS (SELECT 1 FROM events e WHERE e.seq = o.seq AND e.event_id = o.event_id)
