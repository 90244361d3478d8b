-- Purpose: drops the operation input lots of the staged new events
-- Params: after
-- Returns: nothing
DELETE FROM fact_op_lots WHERE op_seq > $after
