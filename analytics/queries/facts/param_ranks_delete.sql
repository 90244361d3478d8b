-- Purpose: drops the reading ranks of the staged step and kind pairs
-- Params: none
-- Returns: nothing
DELETE FROM fact_param_ranks r
USING facts_partitions p
WHERE r.inspection_kind = p.inspection_kind AND r.step = p.step
