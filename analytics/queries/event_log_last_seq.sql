-- Purpose: the last position in the event log
-- Params: none
-- Returns: seq (0 for an empty log)
SELECT coalesce(max(seq), 0)::BIGINT AS seq FROM event_log
