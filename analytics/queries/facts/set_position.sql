-- Purpose: records the log position the analytic facts have reached
-- Params: seq
-- Returns: nothing
UPDATE facts_state SET seq = $seq WHERE id = 1
