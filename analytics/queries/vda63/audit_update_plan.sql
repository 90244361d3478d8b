-- Purpose: changes the plan of a process audit that has no answer yet
-- Params: audit_id, title, process, steps (JSON text), scoped_out (JSON text), planned_on, lead_auditor
-- Returns: (nothing)
UPDATE vda63_audits
SET title = $title, process = $process, steps = $steps, scoped_out = $scoped_out,
    planned_on = $planned_on, lead_auditor = $lead_auditor
WHERE audit_id = $audit_id AND status = 'planned'
