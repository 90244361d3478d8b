-- Purpose: the units of each staged value that has readings (their ranks follow in param_value_ranks)
-- Params: none
-- Returns: nothing
INSERT INTO fact_param_values
SELECT r.inspection_kind, r.step, r.parameter, r.value, sum(r.units), 0, 0
FROM fact_param_ranks r
JOIN facts_param_groups g
  ON g.inspection_kind = r.inspection_kind AND g.step = r.step AND g.parameter = r.parameter AND g.value = r.value
GROUP BY r.inspection_kind, r.step, r.parameter, r.value
