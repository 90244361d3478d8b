-- Purpose: places every reading of the staged values: within its value, the units before it by unit key; whether the value's operations' unit keys interleave; whether its operation reads the parameter twice
-- Params: none
-- Returns: nothing
INSERT INTO fact_param_ranks
WITH readings AS MATERIALIZED (
  SELECT g.inspection_kind, g.step, r.parameter, r.value, r.uom, r.op_seq
  FROM fact_op_readings r
  JOIN facts_param_groups g ON g.parameter = r.parameter AND g.value = r.value
),
m AS MATERIALIZED (
  SELECT r.*, o.units, o.fails, o.min_unit, o.max_unit
  FROM readings r
  JOIN fact_op_outcomes o ON o.op_seq = r.op_seq AND o.inspection_kind = r.inspection_kind AND o.step = r.step
),
placed AS (
  SELECT
    *,
    sum(units) OVER w - units AS in_value,
    lag(max_unit) OVER w AS prev_max
  FROM m
  WINDOW w AS (
    PARTITION BY inspection_kind, step, parameter, value ORDER BY min_unit, op_seq ROWS UNBOUNDED PRECEDING
  )
),
disjoint AS (
  SELECT inspection_kind, step, parameter, value, bool_and(prev_max IS NULL OR prev_max < min_unit) AS disjoint
  FROM placed
  GROUP BY inspection_kind, step, parameter, value
),
-- operations that read the parameter more than once (at any value)
repeated AS (
  SELECT op_seq, parameter
  FROM fact_op_readings
  WHERE op_seq IN (SELECT op_seq FROM m)
  GROUP BY op_seq, parameter
  HAVING count(*) > 1
)
SELECT
  p.inspection_kind, p.step, p.parameter, p.value, p.uom, p.op_seq, p.units, p.fails, p.in_value,
  d.disjoint, r.op_seq IS NOT NULL
FROM placed p
JOIN disjoint d USING (inspection_kind, step, parameter, value)
LEFT JOIN repeated r USING (op_seq, parameter)
ORDER BY p.inspection_kind, p.step, p.parameter, p.value
