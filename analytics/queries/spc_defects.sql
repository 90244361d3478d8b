-- Purpose: units at their first inspection of one kind and the defects found on it, per period (UTC) of that inspection, for a u-chart of defects per unit
-- Params: period ('month' | 'week': ISO weeks starting Monday), inspection (kind), step, line (of the operation that made the unit, or null: all), from, to (ISO date-times or null; first inspections in [from, to))
-- Returns: period_start (YYYY-MM-DD), units, defects (sum of defect quantities, 1 where unstated; a defect on an inspection of k objects counts 1/k on each)
WITH u AS (
  SELECT unit, event_id, inspected_at
  FROM first_pass_made($inspection)
  WHERE ($step IS NULL OR step = $step)
    AND ($line IS NULL OR line = $line)
    AND ($from IS NULL OR inspected_at >= CAST($from AS TIMESTAMP))
    AND ($to IS NULL OR inspected_at < CAST($to AS TIMESTAMP))
),
-- An inspection event judges every object it lists; its defects belong to the group, not to
-- each member (an AOI of a 40-board panel that finds 2 bridges found 2, not 80).
judged AS (
  SELECT event_id, count(*) AS objects
  FROM inspections
  WHERE inspection_kind = $inspection AND event_id IN (SELECT event_id FROM u)
  GROUP BY event_id
),
found AS (
  SELECT event_id, object_key, sum(coalesce(quantity, 1)) AS defects
  FROM defects
  WHERE event_id IN (SELECT event_id FROM u)
  GROUP BY event_id, object_key
)
SELECT
  strftime(date_trunc($period, u.inspected_at), '%Y-%m-%d') AS period_start,
  count(*)::BIGINT AS units,
  -- shares of 1/k add up to whole defects again; rounding drops the float dust
  round(coalesce(sum(f.defects / j.objects), 0), 9)::DOUBLE AS defects
FROM u
LEFT JOIN found f ON f.event_id = u.event_id AND f.object_key = u.unit
LEFT JOIN judged j ON j.event_id = u.event_id
GROUP BY ALL
ORDER BY period_start
