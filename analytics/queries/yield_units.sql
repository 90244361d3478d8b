-- Purpose: every unit a step produced with its first-pass outcome (first inspection of a kind)
-- Params: step, inspection
-- Returns: unit (key), failed
SELECT unit, failed FROM first_pass_units($step, $inspection) ORDER BY unit
