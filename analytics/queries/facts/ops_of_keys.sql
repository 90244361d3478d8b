-- Purpose: stages the operations whose units are touched (before and after their outcomes are recomputed)
-- Params: none
-- Returns: nothing
INSERT INTO facts_ops
SELECT DISTINCT op_seq FROM fact_unit_outcomes WHERE unit IN (SELECT object_key FROM facts_keys)
