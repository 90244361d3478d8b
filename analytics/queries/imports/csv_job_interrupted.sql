-- Purpose: ends the jobs a stopped server left running (at start-up): one that was projecting had committed its events and succeeded; any other stored nothing and failed (the caller audits each)
-- Params: finished_at, error (JSON text, for the failed), note (for the succeeded)
-- Returns: job_id, actor, state (the new one), rows_read, events, stored, report and error (JSON text or null) of each job ended
UPDATE csv_import_jobs
SET finished_at = CAST($finished_at AS TIMESTAMPTZ),
  updated_at = CAST($finished_at AS TIMESTAMPTZ),
  error = CASE WHEN state = 'projecting' THEN NULL ELSE CAST($error AS JSON) END,
  note = CASE WHEN state = 'projecting' THEN $note ELSE NULL END,
  -- what a transaction that never committed had appended was not stored
  stored = CASE WHEN state = 'projecting' THEN stored ELSE 0 END,
  state = CASE WHEN state = 'projecting' THEN 'succeeded' ELSE 'failed' END
WHERE finished_at IS NULL
RETURNING job_id, actor, state, rows_read, events, stored, report::VARCHAR AS report, error::VARCHAR AS error
