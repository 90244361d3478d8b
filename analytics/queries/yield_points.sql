-- Purpose: one parameter's value and the first-pass outcome of each unit of a step, for a scatter plot; a deterministic sample (by hash of the unit) when there are more than limit
-- Params: step, inspection, parameter, limit (most points returned)
-- Returns: unit (id as captured), value, uom, failed, total (every reading in scope, before sampling)
-- The total from the operations' unit counts (each unit of an operation has its readings), so
-- the sample is a top-N over the points, not a sort of all of them.
WITH points AS (
  SELECT u.unit, u.unit_id, u.unit_hash, r.value, r.uom, u.failed
  FROM fact_unit_outcomes u
  JOIN fact_op_readings r ON r.op_seq = u.op_seq
  WHERE u.step = $step AND u.inspection_kind = $inspection AND r.parameter = $parameter
),
sample AS (
  SELECT * FROM points ORDER BY unit_hash, unit, value LIMIT $limit
),
total AS (
  SELECT coalesce(sum(o.units), 0)::BIGINT AS total
  FROM fact_op_outcomes o
  JOIN fact_op_readings r USING (op_seq)
  WHERE o.step = $step AND o.inspection_kind = $inspection AND r.parameter = $parameter
)
SELECT s.unit_id AS unit, s.value, s.uom, s.failed, t.total
FROM sample s, total t
ORDER BY s.value, s.unit
