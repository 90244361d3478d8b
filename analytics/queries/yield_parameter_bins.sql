-- Purpose: first-pass failures per bin of every numeric process parameter recorded at a step (equal-count bins)
-- Params: step, inspection, parameter (one parameter, or null: every one), bins (number of bins per parameter)
-- Returns: parameter, uom, bin (1-based), lo, hi, units, fails
-- From the analytic facts: a reading whose units share one bin is one piece (yield_pieces, 0013).
SELECT parameter, any_value(uom) AS uom, bin, min(value) AS lo, max(value) AS hi,
       sum(n)::BIGINT AS units, sum(fails)::BIGINT AS fails
FROM yield_pieces($step, $inspection, $parameter, $bins)
GROUP BY parameter, bin
ORDER BY parameter, bin
