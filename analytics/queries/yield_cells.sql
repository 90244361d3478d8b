-- Purpose: a step's first-pass units grouped into cells of units that saw the same factor levels (their operation's input lots, and the bin of each numeric parameter), as lists per level
-- Params: step, inspection, bins (equal-count bins per parameter, as yield_parameter_bins)
-- Returns: kind, name, ops, units, fails, bins, range (lists of DOUBLE, read column-wise), uom; one row of kind 'operations' (ops: for every operation of the step that the kind judged, its log position, units and first-pass failures, one after the other, in no order), one 'input_lot' per lot (name: the lot id as captured; ops: the operations that took it in), one 'parameter' per parameter and bin (name, bins: [bin]; range: [lo, hi] and uom as yield_parameter_bins gives them; ops: the operations with units in that bin, those of 'cell' rows included: their cells say which), and one 'cell' per reading of each cell of the other operations (name: the parameter; ops: [operation, the cell's place among its operation's cells]; units, fails: [of the cell]; bins: [the reading's bin]; a repeated reading as often as it is read)
-- The units of one operation share its lots and readings, so most operations are one cell. Where a
-- bin boundary falls among an operation's units (yield_pieces), or it reads a parameter twice,
-- its cells are the runs of units (in unit key order) that share every bin, placed in the order of
-- the bins of their split readings. The yield factors count cells, not units.
WITH split AS MATERIALIZED (
  SELECT op_seq, parameter, value, uom, bin, split, repeated, first_i, n
  FROM yield_split_pieces($step, $inspection, NULL, $bins)
),
-- the other readings' units all fall in one bin: one piece each
whole AS MATERIALIZED (
  SELECT op_seq, parameter, value, uom, bin, repeated, n FROM yield_whole_pieces($step, $inspection, NULL, $bins)
),
complex AS MATERIALIZED (
  SELECT op_seq FROM split
  UNION
  SELECT op_seq FROM whole WHERE repeated
),
complex_pieces AS MATERIALIZED (
  SELECT op_seq, parameter, value, uom, bin, false AS split, repeated, 0::BIGINT AS first_i, n
  FROM whole
  WHERE op_seq IN (SELECT op_seq FROM complex)
  UNION ALL
  SELECT * FROM split
),
-- a cell of a complex operation starts where any of its readings' pieces starts
starts AS (
  SELECT op_seq, first_i FROM complex_pieces
  UNION
  SELECT op_seq, 0 FROM complex
),
spans AS (
  SELECT
    s.op_seq, o.fail_at, s.first_i,
    coalesce(lead(s.first_i) OVER (PARTITION BY s.op_seq ORDER BY s.first_i), o.units) AS end_i
  FROM starts s
  JOIN fact_op_outcomes o ON o.op_seq = s.op_seq AND o.step = $step AND o.inspection_kind = $inspection
),
complex_levels AS (
  SELECT
    c.op_seq, c.first_i, c.end_i - c.first_i AS units,
    len(list_filter(c.fail_at, x -> x >= c.first_i AND x < c.end_i)) AS fails,
    p.parameter, p.bin, p.split
  FROM spans c
  JOIN complex_pieces p ON p.op_seq = c.op_seq AND p.first_i <= c.first_i AND c.first_i < p.first_i + p.n
),
-- as the cells were ordered before: by the bins of their split readings, as text
complex_cells AS (
  SELECT
    op_seq, first_i,
    row_number() OVER (
      PARTITION BY op_seq
      ORDER BY coalesce(string_agg(parameter || '=' || bin, ',' ORDER BY parameter, bin) FILTER (WHERE split), '')
    ) AS place
  FROM complex_levels
  GROUP BY op_seq, first_i
)
SELECT
  'operations' AS kind, NULL AS name, coalesce(flatten(list([op_seq::DOUBLE, units::DOUBLE, fails::DOUBLE])), []) AS ops,
  []::DOUBLE[] AS units, []::DOUBLE[] AS fails, []::DOUBLE[] AS bins, []::DOUBLE[] AS range, NULL AS uom
FROM fact_op_outcomes
WHERE step = $step AND inspection_kind = $inspection
UNION ALL
SELECT 'input_lot', lot, list(op_seq::DOUBLE), [], [], [], [], NULL
FROM fact_op_lots
WHERE step = $step
GROUP BY lot
UNION ALL
SELECT 'parameter', parameter, list(op_seq::DOUBLE), [], [],
  [bin::DOUBLE], [min(value), max(value)], any_value(uom)
FROM (
  SELECT op_seq, parameter, value, uom, bin FROM whole
  UNION ALL
  SELECT op_seq, parameter, value, uom, bin FROM split
)
GROUP BY parameter, bin
UNION ALL
SELECT 'cell', l.parameter, [l.op_seq::DOUBLE, c.place::DOUBLE], [l.units::DOUBLE], [l.fails::DOUBLE], [l.bin::DOUBLE], [], NULL
FROM complex_levels l
JOIN complex_cells c USING (op_seq, first_i)
