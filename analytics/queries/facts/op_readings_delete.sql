-- Purpose: drops the operation readings of the staged new events
-- Params: after
-- Returns: nothing
DELETE FROM fact_op_readings WHERE op_seq > $after
