-- Purpose: one capture job
-- Params: capture_id
-- Returns: the job's columns, times as ISO UTC text, errors as JSON text
SELECT capture_id,
  strftime(created_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS created_at,
  strftime(finished_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS finished_at,
  running, success, error_behaviour, actor, media_type, epcis_version, bytes,
  events_read, captured, duplicates, errors::VARCHAR AS errors
FROM epcis_capture_jobs
WHERE capture_id = $capture_id
