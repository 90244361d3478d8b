-- Purpose: first-pass failures per bin of every numeric process parameter recorded at a step (equal-count bins)
-- Params: step, inspection, bins (number of bins per parameter)
-- Returns: parameter, uom, bin (1-based), lo, hi, units, fails
WITH joined AS (
  SELECT u.unit, u.failed, r.parameter, r.uom, r.value
  FROM first_pass_units($step, $inspection) u
  JOIN sensor_readings r ON r.event_id = u.event_id
  WHERE r.value IS NOT NULL
),
binned AS (
  SELECT *, ntile($bins) OVER (PARTITION BY parameter ORDER BY value, unit) AS bin FROM joined
)
SELECT parameter, any_value(uom) AS uom, bin, min(value) AS lo, max(value) AS hi,
       count(*)::BIGINT AS units, count(*) FILTER (WHERE failed)::BIGINT AS fails
FROM binned
GROUP BY parameter, bin
ORDER BY parameter, bin
