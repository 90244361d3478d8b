-- Purpose: the units of the smaller values and of the whole parameter, for every value of the step, kind and parameter of a staged value
-- Params: none
-- Returns: nothing
UPDATE fact_param_values v
SET value_rank = x.value_rank, total = x.total
FROM (
  SELECT
    inspection_kind, step, parameter, value,
    sum(value_units) OVER (PARTITION BY inspection_kind, step, parameter ORDER BY value) - value_units AS value_rank,
    sum(value_units) OVER (PARTITION BY inspection_kind, step, parameter) AS total
  FROM fact_param_values
  SEMI JOIN (SELECT DISTINCT inspection_kind, step, parameter FROM facts_param_groups) g
    USING (inspection_kind, step, parameter)
) x
WHERE v.inspection_kind = x.inspection_kind AND v.step = x.step AND v.parameter = x.parameter AND v.value = x.value
