-- Purpose: correlation of each numeric parameter of a step with first-pass failure (point-biserial)
-- Params: step, inspection
-- Returns: parameter, units, correlation
-- From the analytic facts (fact_param_ranks: an operation's units share its reading), counted per
-- value first; the sums of the Pearson correlation are weighted by units and failures and added
-- in value order, so the figure does not depend on the order the facts are stored in.
WITH v AS (
  SELECT parameter, value, sum(units) AS n, sum(fails) AS f
  FROM fact_param_ranks
  WHERE step = $step AND inspection_kind = $inspection
  GROUP BY parameter, value
),
s AS (
  SELECT
    parameter,
    sum(n)::DOUBLE AS n,
    sum(n * value ORDER BY value) AS sx,
    sum(n * value * value ORDER BY value) AS sxx,
    sum(f)::DOUBLE AS sy,
    sum(f * value ORDER BY value) AS sxy
  FROM v
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
