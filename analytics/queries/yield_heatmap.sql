-- Purpose: first-pass failures of a step's units per bin of one parameter and per input lot of their operation (parameter x lot interactions), with each lot's material and supplier
-- Params: step, inspection, parameter, bins (equal-count bins, as yield_parameter_bins), material (only input lots of this material, or null: all)
-- Returns: bin (1-based), lot (id as captured), material, supplier (null: not received from a supplier), units, fails
-- Units and fails per operation and bin from the analytic facts (yield_pieces), joined to the
-- operation's input lots, their material and supplier.
WITH per_op AS (
  SELECT op_seq, bin, sum(units) AS units, sum(fails) AS fails
  FROM yield_pieces($step, $inspection, $parameter, $bins)
  GROUP BY op_seq, bin
),
used AS (
  SELECT p.bin, p.units, p.fails, l.lot, l.object_key
  FROM per_op p
  JOIN fact_op_lots l ON l.op_seq = p.op_seq
)
SELECT
  u.bin::BIGINT AS bin,
  u.lot,
  any_value(f.material) AS material,
  any_value(f.supplier) AS supplier,
  sum(u.units)::BIGINT AS units,
  sum(u.fails)::BIGINT AS fails
FROM used u
LEFT JOIN fact_objects f ON f.object_key = u.object_key
WHERE $material IS NULL OR f.material = $material
GROUP BY u.bin, u.lot
ORDER BY u.lot, u.bin
