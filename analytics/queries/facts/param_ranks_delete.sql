-- Purpose: drops the placed readings of the staged values
-- Params: none
-- Returns: nothing
DELETE FROM fact_param_ranks r
USING facts_param_groups g
WHERE r.inspection_kind = g.inspection_kind AND r.step = g.step AND r.parameter = g.parameter AND r.value = g.value
