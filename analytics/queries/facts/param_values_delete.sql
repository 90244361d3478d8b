-- Purpose: drops the staged values' unit counts
-- Params: none
-- Returns: nothing
DELETE FROM fact_param_values v
USING facts_param_groups g
WHERE v.inspection_kind = g.inspection_kind AND v.step = g.step AND v.parameter = g.parameter AND v.value = g.value
