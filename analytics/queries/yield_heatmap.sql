-- Purpose: first-pass failures of a step's units per bin of one parameter and per input lot of their operation (parameter x lot interactions), for the lots with most units, with each lot's material and supplier
-- Params: step, inspection, parameter, bins (equal-count bins, as yield_parameter_bins), material (only input lots of this material, or null: all), max_lots (the lots shown: most units first, ties by id)
-- Returns: bin (1-based), lot (id as captured; null: the row is the bin itself, as yield_parameter_bins counts it, with lo, hi, uom), material, supplier (null: not received from a supplier), units, fails, lots (every lot of the step, of the material if given, before max_lots)
-- Units and fails per operation and bin from the analytic facts (yield_pieces, computed once for
-- the bins and the cells), joined to the operation's input lots; a unit has one bin per reading,
-- so a lot's units add up over its bins.
WITH pieces AS MATERIALIZED (
  SELECT op_seq, bin, value, uom, n, fails FROM yield_pieces($step, $inspection, $parameter, $bins)
),
-- a lot's units over all bins are its operations' units with a reading: no bins needed to rank
-- the lots, only for the cells of those shown
op_units AS (
  SELECT op_seq, sum(units) AS units
  FROM fact_param_ranks
  WHERE step = $step AND inspection_kind = $inspection AND parameter = $parameter
  GROUP BY op_seq
),
lots AS (
  -- (a lot id as captured has one object key)
  SELECT l.lot, any_value(l.object_key) AS object_key, sum(o.units) AS units
  FROM op_units o
  JOIN fact_op_lots l ON l.op_seq = o.op_seq AND l.step = $step
  GROUP BY l.lot
),
shown AS (
  SELECT l.lot, f.material, f.supplier, count(*) OVER () AS lots
  FROM lots l
  LEFT JOIN fact_lot_objects f ON f.object_key = l.object_key
  WHERE $material IS NULL OR f.material = $material
  ORDER BY l.units DESC, l.lot
  LIMIT $max_lots
),
cells AS (
  SELECT l.lot, p.bin, sum(p.n) AS units, sum(p.fails) AS fails
  FROM pieces p
  JOIN fact_op_lots l ON l.op_seq = p.op_seq AND l.step = $step
  WHERE l.lot IN (SELECT lot FROM shown)
  GROUP BY l.lot, p.bin
)
SELECT
  bin::BIGINT AS bin, NULL AS lot, NULL AS material, NULL AS supplier, sum(n)::BIGINT AS units,
  sum(fails)::BIGINT AS fails, NULL::BIGINT AS lots, min(value) AS lo, max(value) AS hi, any_value(uom) AS uom
FROM pieces
GROUP BY bin
UNION ALL
SELECT
  c.bin::BIGINT, c.lot, s.material, s.supplier, c.units::BIGINT, c.fails::BIGINT, s.lots, NULL, NULL, NULL
FROM cells c
JOIN shown s USING (lot)
ORDER BY lot NULLS FIRST, bin
