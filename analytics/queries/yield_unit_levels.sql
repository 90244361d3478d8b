-- Purpose: the factor levels each unit of a step saw: its input lots, and the bin of each numeric parameter of its operation (equal-count bins)
-- Params: step, inspection, bins (per parameter)
-- Returns: unit (key), kind ('input_lot' | 'parameter'), name (lot id or parameter), bin (null for lots)
WITH u AS (SELECT * FROM first_pass_units($step, $inspection)),
lots AS (
  SELECT DISTINCT u.unit, 'input_lot' AS kind, i.object_id AS name, NULL::BIGINT AS bin
  FROM u JOIN event_objects i ON i.event_id = u.event_id AND i.role = 'input' AND i.kind = 'lot'
),
params AS (
  SELECT u.unit, 'parameter' AS kind, r.parameter AS name,
         ntile($bins) OVER (PARTITION BY r.parameter ORDER BY r.value, u.unit)::BIGINT AS bin
  FROM u JOIN sensor_readings r ON r.event_id = u.event_id
  WHERE r.value IS NOT NULL
)
SELECT unit, kind, name, bin FROM lots
UNION ALL
SELECT unit, kind, name, bin FROM params
