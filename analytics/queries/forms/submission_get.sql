-- Purpose: one form submission with the definition of the version it was made with
-- Params: submission_id
-- Returns: submission_id, form_key, version, data (JSON text), event_id, subject, workflow_instance, submitted_by, submitted_at, definition (JSON text); no row when unknown
SELECT
  s.submission_id, s.form_key, s.version, s.data::VARCHAR AS data, s.event_id, s.subject,
  s.workflow_instance, s.submitted_by, s.submitted_at, d.definition::VARCHAR AS definition
FROM form_submissions s
JOIN form_definitions d ON d.form_key = s.form_key AND d.version = s.version
WHERE s.submission_id = $submission_id
