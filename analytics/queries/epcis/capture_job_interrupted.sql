-- Purpose: ends the jobs a stopped server left running (at start-up); the caller audits each
-- Params: finished_at, errors (JSON array text)
-- Returns: capture_id of each job ended
UPDATE epcis_capture_jobs
SET running = false, success = false, finished_at = CAST($finished_at AS TIMESTAMPTZ), errors = CAST($errors AS JSON)
WHERE running
RETURNING capture_id
