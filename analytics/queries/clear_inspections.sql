-- Purpose: empty the analytic table inspections before a rebuild (the event log stays)
-- Params: none
-- Returns: nothing
DELETE FROM inspections
