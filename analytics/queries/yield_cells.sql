-- Purpose: a step's first-pass units grouped into cells of units that saw the same factor levels (their operation's input lots, and the bin of each numeric parameter), with each cell's levels
-- Params: step, inspection, bins (equal-count bins per parameter, as yield_parameter_bins)
-- Returns: cell (1-based), units, fails (first-pass failures), kind ('input_lot' | 'parameter' | null: a cell with no level), name (lot id or parameter), bin (null for lots)
-- The units of one operation share its lots and readings, so a cell is an operation; where a bin
-- boundary falls among an operation's units (yield_pieces), its units split by their bins. The
-- yield factors then count cells, not units: a few rows per operation instead of per unit.
WITH pieces AS MATERIALIZED (
  SELECT * FROM yield_pieces($step, $inspection, NULL, $bins)
),
-- the units of split operations, each with the bins it fell in (pieces of one unit share its outcome)
split AS (
  SELECT op_seq, unit, string_agg(parameter || '=' || bin, ',' ORDER BY parameter, bin) AS sig, max(fails) AS failed
  FROM pieces
  WHERE unit IS NOT NULL
  GROUP BY op_seq, unit
),
cells AS (
  SELECT *, row_number() OVER (ORDER BY op_seq, sig) AS cell
  FROM (
    SELECT op_seq, sig, count(*) AS units, sum(failed) AS fails, min(unit) AS unit
    FROM split
    GROUP BY op_seq, sig
    UNION ALL
    SELECT op_seq, '' AS sig, units, fails, NULL AS unit
    FROM fact_op_outcomes
    WHERE step = $step AND inspection_kind = $inspection
      AND op_seq NOT IN (SELECT op_seq FROM split)
  )
),
levels AS (
  SELECT c.cell, 'input_lot' AS kind, l.lot AS name, NULL::BIGINT AS bin
  FROM cells c
  JOIN (SELECT DISTINCT op_seq, lot FROM fact_op_lots) l USING (op_seq)
  UNION ALL
  SELECT c.cell, 'parameter', p.parameter, p.bin::BIGINT
  FROM cells c
  JOIN pieces p ON p.op_seq = c.op_seq AND p.unit IS NULL
  UNION ALL
  SELECT c.cell, 'parameter', p.parameter, p.bin::BIGINT
  FROM cells c
  JOIN pieces p ON p.op_seq = c.op_seq AND p.unit = c.unit
)
SELECT c.cell, c.units::BIGINT AS units, c.fails::BIGINT AS fails, l.kind, l.name, l.bin
FROM cells c
LEFT JOIN levels l USING (cell)
ORDER BY c.cell, l.kind, l.name, l.bin
