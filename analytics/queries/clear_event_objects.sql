-- Purpose: empty the analytic table event_objects before a rebuild (the event log stays)
-- Params: none
-- Returns: nothing
DELETE FROM event_objects
