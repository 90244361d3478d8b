-- Purpose: one parameter's value and the first-pass outcome of each unit of a step, for a scatter plot; a deterministic sample (by hash of the unit) when there are more than limit
-- Params: step, inspection, parameter, limit (most points returned)
-- Returns: unit (id as captured), value, uom, failed, total (every reading in scope, before sampling)
WITH points AS (
  SELECT u.unit, u.unit_id, r.value, r.uom, u.failed, count(*) OVER () AS total
  FROM first_pass_units($step, $inspection) u
  JOIN sensor_readings r ON r.event_id = u.event_id
  WHERE r.parameter = $parameter AND r.value IS NOT NULL
),
sample AS (
  SELECT * FROM points ORDER BY hash(unit), unit, value LIMIT $limit
)
SELECT unit_id AS unit, value, uom, failed, total::BIGINT AS total
FROM sample
ORDER BY value, unit
