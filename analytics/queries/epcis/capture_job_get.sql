-- Purpose: one capture job
-- Params: capture_id
-- Returns: the job's columns (epcis_capture_job_rows: times as ISO UTC text, errors as JSON text)
SELECT * EXCLUDE (created_ts)
FROM epcis_capture_job_rows
WHERE capture_id = $capture_id
