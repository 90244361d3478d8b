-- Purpose: closes a recall case (the service has checked that nothing is open, and audits it in the same transaction)
-- Params: case_id, closed_by, closed_at, close_reason
-- Returns: nothing
UPDATE recall_cases
SET status = 'closed', closed_by = $closed_by, closed_at = $closed_at, close_reason = $close_reason
WHERE case_id = $case_id AND status = 'open'
