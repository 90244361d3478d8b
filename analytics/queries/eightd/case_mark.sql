-- Purpose: records when a case was contained (D3 done) and closed (D8 done); a time already set stays
-- Params: case_id, contained_at (or null), closed_at (or null)
-- Returns: nothing
UPDATE eightd_cases
SET contained_at = coalesce(contained_at, $contained_at), closed_at = coalesce(closed_at, $closed_at)
WHERE case_id = $case_id
