-- Purpose: replaces the supplier scorecard's weights and grade thresholds (inside the audited write transaction)
-- Params: weight_acceptance, weight_ppm, weight_on_time, ppm_zero, grade_a, grade_b
-- Returns: nothing
UPDATE scorecard_config
SET
  weight_acceptance = $weight_acceptance,
  weight_ppm = $weight_ppm,
  weight_on_time = $weight_on_time,
  ppm_zero = $ppm_zero,
  grade_a = $grade_a,
  grade_b = $grade_b
WHERE id = 1
