-- Purpose: empty the analytic table sensor_readings before a rebuild (the event log stays)
-- Params: none
-- Returns: nothing
DELETE FROM sensor_readings
