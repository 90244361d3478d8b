-- Purpose: read the event log in order from a position, for projections and rebuild
-- Params: after (seq), limit
-- Returns: seq, event_id, kind, event_type, body (JSON text)
SELECT seq, event_id, kind, event_type, body::VARCHAR AS body
FROM event_log
WHERE seq > $after
ORDER BY seq
LIMIT $limit
