-- Purpose: correlation of each numeric parameter of a step with first-pass failure (point-biserial)
-- Params: step, inspection
-- Returns: parameter, units, correlation
SELECT r.parameter, count(*)::BIGINT AS units, corr(r.value, u.failed::INTEGER::DOUBLE) AS correlation
FROM first_pass_units($step, $inspection) u
JOIN sensor_readings r ON r.event_id = u.event_id
WHERE r.value IS NOT NULL
GROUP BY r.parameter
ORDER BY r.parameter
