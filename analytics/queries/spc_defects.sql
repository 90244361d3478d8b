-- Purpose: units at their first inspection of one kind and the defects found on it, per period (UTC) of that inspection, for a u-chart of defects per unit
-- Params: period ('month' | 'week': ISO weeks starting Monday), inspection (kind), step, line (of the operation that made the unit, or null: all), from, to (ISO date-times or null; first inspections in [from, to))
-- Returns: period_start (YYYY-MM-DD), units, defects (sum of defect quantities, 1 where unstated; a defect on an inspection of k objects counts 1/k on each)
-- Counted per day first (a cast per unit, not a date_trunc), then per period, formatted once per
-- period; fact_first_pass is stored by kind and inspection time.
SELECT strftime(p, '%Y-%m-%d') AS period_start, units, defects
FROM (
  SELECT
    date_trunc($period, day) AS p,
    sum(units)::BIGINT AS units,
    -- shares of 1/k add up to whole defects again; rounding drops the float dust
    round(coalesce(sum(defects), 0), 9)::DOUBLE AS defects
  FROM (
    SELECT CAST(inspected_at AS DATE) AS day, count(*) AS units, sum(defects) AS defects
    FROM fact_first_pass
    WHERE inspection_kind = $inspection
      AND ($step IS NULL OR step = $step)
      AND ($line IS NULL OR line = $line)
      AND ($from IS NULL OR inspected_at >= CAST($from AS TIMESTAMP))
      AND ($to IS NULL OR inspected_at < CAST($to AS TIMESTAMP))
    GROUP BY day
  )
  GROUP BY p
)
ORDER BY p
