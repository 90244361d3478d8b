-- Purpose: empty the analytic table master_data before a rebuild (the event log stays)
-- Params: none
-- Returns: nothing
DELETE FROM master_data
