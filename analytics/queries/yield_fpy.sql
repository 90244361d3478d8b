-- Purpose: first-pass verdicts of units per period (UTC) of their first inspection of one kind and per step, line or equipment of the operation that made them
-- Params: period ('month' | 'week': ISO weeks starting Monday), by ('step' | 'line' | 'equipment'), inspection (kind), from, to (ISO date-times or null; first inspections in [from, to))
-- Returns: key (null: the operation does not say), period_start (YYYY-MM-DD), units, passed
-- Counted per day first (a cast per unit, not a date_trunc), then per period; fact_first_pass is
-- stored by kind and inspection time, so one kind's rows are read together.
SELECT key, strftime(p, '%Y-%m-%d') AS period_start, sum(units)::BIGINT AS units, sum(passed)::BIGINT AS passed
FROM (
  SELECT key, date_trunc($period, day) AS p, units, passed
  FROM (
    SELECT
      CASE $by WHEN 'step' THEN step WHEN 'line' THEN line WHEN 'equipment' THEN equipment END AS key,
      CAST(inspected_at AS DATE) AS day,
      count(*) AS units,
      count(*) FILTER (WHERE NOT failed) AS passed
    FROM fact_first_pass
    WHERE inspection_kind = $inspection
      AND ($from IS NULL OR inspected_at >= CAST($from AS TIMESTAMP))
      AND ($to IS NULL OR inspected_at < CAST($to AS TIMESTAMP))
    GROUP BY ALL
  )
)
GROUP BY key, p
ORDER BY key NULLS LAST, p
