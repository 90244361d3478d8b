-- Purpose: form submissions, newest first, optionally about one object or subject and of one form
-- Params: subject (null for any; matches the subject or an object the submission names), object_key (the subject's canonical key, or null), form_key (null for any), workflow_instance (null for any), limit
-- Returns: submission_id, form_key, version, title, step, event_id, subject, workflow_instance, submitted_by, submitted_at, data (JSON text)
SELECT
  s.submission_id, s.form_key, s.version, d.title, d.step, s.event_id, s.subject,
  s.workflow_instance, s.submitted_by, s.submitted_at, s.data::VARCHAR AS data
FROM form_submissions s
JOIN form_definitions d ON d.form_key = s.form_key AND d.version = s.version
WHERE ($form_key IS NULL OR s.form_key = $form_key)
  AND ($workflow_instance IS NULL OR s.workflow_instance = $workflow_instance)
  AND (
    $subject IS NULL OR s.subject = $subject OR s.submission_id IN (
      SELECT o.submission_id FROM form_submission_objects o
      WHERE o.object_key = $object_key OR o.object_id = $subject
    )
  )
ORDER BY s.submitted_at DESC, s.seq DESC
LIMIT $limit
