-- Purpose: the distinct operations (transformation ids) of the analytic events table up to a log position
-- Params: end (seq)
-- Returns: id
SELECT DISTINCT operation_id AS id FROM events WHERE operation_id IS NOT NULL AND seq <= $end
