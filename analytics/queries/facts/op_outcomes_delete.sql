-- Purpose: drops the outcome counts of the staged operations
-- Params: none
-- Returns: nothing
DELETE FROM fact_op_outcomes WHERE op_seq IN (SELECT op_seq FROM facts_ops)
