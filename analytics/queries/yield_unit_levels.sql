-- Purpose: the factor levels each unit of a step saw: its input lots, and the bin of each numeric parameter of its operation (equal-count bins)
-- Params: step, inspection, bins (per parameter)
-- Returns: unit (key), kind ('input_lot' | 'parameter'), name (lot id or parameter), bin (null for lots)
WITH lots AS (
  SELECT DISTINCT u.unit, 'input_lot' AS kind, i.object_id AS name, NULL::BIGINT AS bin
  FROM first_pass_units($step, $inspection) u
  JOIN event_objects i ON i.event_id = u.event_id AND i.role = 'input' AND i.kind = 'lot'
),
params AS (
  SELECT unit, 'parameter' AS kind, parameter AS name, bin::BIGINT AS bin
  FROM binned_readings($step, $inspection, NULL, $bins)
)
SELECT unit, kind, name, bin FROM lots
UNION ALL
SELECT unit, kind, name, bin FROM params
