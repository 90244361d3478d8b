-- Purpose: places every reading of the operations of the staged step and kind pairs in the order of the equal-count bins (by value, then unit key)
-- Params: none
-- Returns: nothing
INSERT INTO fact_param_ranks
WITH m AS (
  SELECT o.inspection_kind, o.step, r.parameter, r.value, r.uom, o.op_seq, o.units, o.fails, o.min_unit, o.max_unit
  FROM fact_op_outcomes o
  JOIN facts_partitions p ON p.inspection_kind = o.inspection_kind AND p.step = o.step
  JOIN fact_op_readings r ON r.op_seq = o.op_seq
),
ordered AS (
  SELECT
    *,
    sum(units) OVER (
      PARTITION BY inspection_kind, step, parameter ORDER BY value, min_unit, op_seq ROWS UNBOUNDED PRECEDING
    ) - units AS rank,
    lag(max_unit) OVER (PARTITION BY inspection_kind, step, parameter, value ORDER BY min_unit, op_seq) AS prev_max,
    count(*) OVER (PARTITION BY inspection_kind, step, parameter, op_seq) > 1 AS repeated
  FROM m
)
SELECT
  inspection_kind, step, parameter, value, uom, op_seq, units, fails, rank,
  min(rank) OVER v,
  sum(units) OVER v,
  bool_and(prev_max IS NULL OR prev_max < min_unit) OVER v,
  repeated,
  sum(units) OVER (PARTITION BY inspection_kind, step, parameter)
FROM ordered
WINDOW v AS (PARTITION BY inspection_kind, step, parameter, value)
ORDER BY inspection_kind, step, parameter, value, rank
