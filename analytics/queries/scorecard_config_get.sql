-- Purpose: the supplier scorecard's weights and grade thresholds
-- Params: none
-- Returns: weight_acceptance, weight_ppm, weight_on_time, ppm_zero, grade_a, grade_b
SELECT weight_acceptance, weight_ppm, weight_on_time, ppm_zero, grade_a, grade_b
FROM scorecard_config
WHERE id = 1
