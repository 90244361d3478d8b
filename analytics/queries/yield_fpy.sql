-- Purpose: first-pass verdicts of units per period (UTC) of their first inspection of one kind and per step, line or equipment of the operation that made them
-- Params: period ('month' | 'week': ISO weeks starting Monday), by ('step' | 'line' | 'equipment'), inspection (kind), from, to (ISO date-times or null; first inspections in [from, to))
-- Returns: key (null: the operation does not say), period_start (YYYY-MM-DD), units, passed
-- Grouped by the period's timestamp, formatted once per period (not once per unit).
SELECT key, strftime(p, '%Y-%m-%d') AS period_start, units, passed
FROM (
  SELECT
    CASE $by WHEN 'step' THEN step WHEN 'line' THEN line WHEN 'equipment' THEN equipment END AS key,
    date_trunc($period, inspected_at) AS p,
    count(*)::BIGINT AS units,
    count(*) FILTER (WHERE NOT failed)::BIGINT AS passed
  FROM fact_first_pass
  WHERE inspection_kind = $inspection
    AND ($from IS NULL OR inspected_at >= CAST($from AS TIMESTAMP))
    AND ($to IS NULL OR inspected_at < CAST($to AS TIMESTAMP))
  GROUP BY ALL
)
ORDER BY key NULLS LAST, p
