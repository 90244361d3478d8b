-- Purpose: completes a process audit with its result (answers are final from then on)
-- Params: audit_id, completed_at, completed_by, result (JSON text)
-- Returns: (nothing)
UPDATE vda63_audits
SET status = 'completed', completed_at = $completed_at, completed_by = $completed_by, result = $result
WHERE audit_id = $audit_id AND status = 'in_progress'
