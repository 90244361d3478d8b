-- Purpose: size of the event log by kind, for health and checks
-- Params: none
-- Returns: kind, n
SELECT kind, count(*)::BIGINT AS n FROM event_log GROUP BY kind ORDER BY kind
