-- Purpose: one parameter's value and the first-pass outcome of each unit of a step, for a scatter plot; a deterministic sample (by hash of the unit) when there are more than limit
-- Params: step, inspection, parameter, limit (most points returned)
-- Returns: unit (id as captured), value, uom, failed, total (every reading in scope, before sampling)
-- A unit has a point per reading of its operation, so the sample's points come from the `limit`
-- units with the smallest hash: fact_unit_outcomes is stored by hash within a step and kind, and
-- the top-N stops scanning early. The total from the readings' unit counts (fact_param_ranks).
WITH readings AS (
  SELECT op_seq, value, uom, units
  FROM fact_param_ranks
  WHERE step = $step AND inspection_kind = $inspection AND parameter = $parameter
),
units AS (
  SELECT unit, unit_id, unit_hash, op_seq, failed
  FROM fact_unit_outcomes
  WHERE step = $step AND inspection_kind = $inspection AND op_seq IN (SELECT op_seq FROM readings)
  ORDER BY unit_hash, unit
  LIMIT $limit
),
sample AS (
  SELECT u.unit, u.unit_id, r.value, r.uom, u.failed
  FROM units u
  JOIN readings r USING (op_seq)
  ORDER BY u.unit_hash, u.unit, r.value
  LIMIT $limit
)
SELECT s.unit_id AS unit, s.value, s.uom, s.failed, (SELECT coalesce(sum(units), 0) FROM readings)::BIGINT AS total
FROM sample s
ORDER BY s.value, s.unit
