-- Purpose: units, first-pass failures (and their positions in unit key order) and unit key range per operation and kind, for the staged operations
-- Params: none
-- Returns: nothing
INSERT INTO fact_op_outcomes (inspection_kind, step, op_seq, units, fails, min_unit, max_unit, fail_at)
SELECT
  inspection_kind, step, op_seq, count(*), count(*) FILTER (WHERE failed), min(unit), max(unit),
  coalesce(list(i ORDER BY i) FILTER (WHERE failed), [])
FROM (
  SELECT
    *,
    (row_number() OVER (PARTITION BY inspection_kind, step, op_seq ORDER BY unit) - 1)::INTEGER AS i
  FROM fact_unit_outcomes
  WHERE op_seq IN (SELECT op_seq FROM facts_ops)
)
GROUP BY inspection_kind, step, op_seq
ORDER BY inspection_kind, step, op_seq
