-- Purpose: one process audit with its plan, status and (when completed) its result
-- Params: audit_id
-- Returns: audit_id, programme_id, title, supplier_id, process, catalogue_key, catalogue_version, steps (JSON text), scoped_out (JSON text), planned_on, lead_auditor, status, created_by, created_at, started_at, completed_at, completed_by, result (JSON text or null)
SELECT
  audit_id, programme_id, title, supplier_id, process, catalogue_key, catalogue_version,
  steps::VARCHAR AS steps, scoped_out::VARCHAR AS scoped_out, planned_on, lead_auditor, status,
  created_by, created_at, started_at, completed_at, completed_by, result::VARCHAR AS result
FROM vda63_audits
WHERE audit_id = $audit_id
