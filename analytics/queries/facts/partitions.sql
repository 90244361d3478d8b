-- Purpose: stages the step and kind pairs of the staged operations (before and after their outcomes are recomputed), whose reading ranks are recomputed
-- Params: none
-- Returns: nothing
INSERT INTO facts_partitions
SELECT inspection_kind, step FROM fact_op_outcomes WHERE op_seq IN (SELECT op_seq FROM facts_ops)
UNION
SELECT inspection_kind, step FROM fact_param_ranks WHERE op_seq IN (SELECT op_seq FROM facts_ops)
