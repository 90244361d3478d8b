-- Purpose: empty the analytic table defects before a rebuild (the event log stays)
-- Params: none
-- Returns: nothing
DELETE FROM defects
