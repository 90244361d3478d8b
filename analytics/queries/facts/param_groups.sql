-- Purpose: stages the values whose readings are placed again: those the staged operations read, before and after their outcomes are recomputed
-- Params: none
-- Returns: nothing
INSERT INTO facts_param_groups
SELECT inspection_kind, step, parameter, value FROM fact_param_ranks WHERE op_seq IN (SELECT op_seq FROM facts_ops)
UNION
SELECT o.inspection_kind, o.step, r.parameter, r.value
FROM fact_op_outcomes o
JOIN fact_op_readings r USING (op_seq)
WHERE o.op_seq IN (SELECT op_seq FROM facts_ops)
