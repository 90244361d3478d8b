-- Purpose: one parameter's value and the first-pass outcome of each unit of a step, for a scatter plot; a deterministic sample (by hash of the unit) when there are more than limit
-- Params: step, inspection, parameter, limit (most points returned)
-- Returns: unit (id as captured), value, uom, failed, total (every reading in scope, before sampling)
WITH points AS (
  SELECT u.unit, u.unit_id, u.unit_hash, r.value, r.uom, u.failed, count(*) OVER () AS total
  FROM fact_unit_outcomes u
  JOIN fact_op_readings r ON r.op_seq = u.op_seq
  WHERE u.step = $step AND u.inspection_kind = $inspection AND r.parameter = $parameter
),
sample AS (
  SELECT * FROM points ORDER BY unit_hash, unit, value LIMIT $limit
)
SELECT unit_id AS unit, value, uom, failed, total::BIGINT AS total
FROM sample
ORDER BY value, unit
