-- Purpose: empty the analytic table events before a rebuild (the event log stays)
-- Params: none
-- Returns: nothing
DELETE FROM events
