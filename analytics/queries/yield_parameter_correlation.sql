-- Purpose: correlation of each numeric parameter of a step with first-pass failure (point-biserial)
-- Params: step, inspection
-- Returns: parameter, units, correlation
-- Per reading from the analytic facts (fact_param_ranks: an operation's units share its reading),
-- so the sums of the Pearson correlation are weighted by the operation's units and failures.
WITH s AS (
  SELECT
    parameter,
    sum(units)::DOUBLE AS n,
    sum(units * value) AS sx,
    sum(units * value * value) AS sxx,
    sum(fails)::DOUBLE AS sy,
    sum(fails * value) AS sxy
  FROM fact_param_ranks
  WHERE step = $step AND inspection_kind = $inspection
  GROUP BY parameter
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
