-- Purpose: marks a planned process audit as in progress (its first answer)
-- Params: audit_id, started_at
-- Returns: (nothing)
UPDATE vda63_audits SET status = 'in_progress', started_at = $started_at
WHERE audit_id = $audit_id AND status = 'planned'
