-- Purpose: units, first-pass failures and unit key range per operation and kind, for the staged operations
-- Params: none
-- Returns: nothing
INSERT INTO fact_op_outcomes
SELECT inspection_kind, step, op_seq, count(*), count(*) FILTER (WHERE failed), min(unit), max(unit)
FROM fact_unit_outcomes
WHERE op_seq IN (SELECT op_seq FROM facts_ops)
GROUP BY inspection_kind, step, op_seq
ORDER BY inspection_kind, step, op_seq
