-- Purpose: every row of the analytic events table up to a log position (one per event, duplicates shown as such)
-- Params: end (seq)
-- Returns: id (event id)
SELECT event_id AS id FROM events WHERE seq <= $end
