-- Purpose: correlation of each numeric parameter of a step with first-pass failure (point-biserial)
-- Params: step, inspection
-- Returns: parameter, units, correlation
-- Per operation from the analytic facts: its units share its reading, so the sums of the
-- Pearson correlation are weighted by the operation's units and first-pass failures.
WITH s AS (
  SELECT
    r.parameter,
    sum(o.units)::DOUBLE AS n,
    sum(o.units * r.value) AS sx,
    sum(o.units * r.value * r.value) AS sxx,
    sum(o.fails)::DOUBLE AS sy,
    sum(o.fails * r.value) AS sxy
  FROM fact_op_outcomes o
  JOIN fact_op_readings r USING (op_seq)
  WHERE o.step = $step AND o.inspection_kind = $inspection
  GROUP BY r.parameter
)
SELECT
  parameter,
  n::BIGINT AS units,
  CASE
    WHEN (n * sxx - sx * sx) > 0 AND (n * sy - sy * sy) > 0
    THEN (n * sxy - sx * sy) / sqrt((n * sxx - sx * sx) * (n * sy - sy * sy))
  END AS correlation
FROM s
ORDER BY parameter
