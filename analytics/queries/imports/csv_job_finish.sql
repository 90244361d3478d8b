-- Purpose: ends a running job with its outcome (audited by the caller in the same transaction)
-- Params: job_id, finished_at, state, phase, rows_read, bytes_read, bytes_total, events, stored (progress: each or null), report, error (JSON text or null)
-- Returns: job_id, when the job was running
UPDATE csv_import_jobs
SET updated_at = CAST($finished_at AS TIMESTAMPTZ),
  finished_at = CAST($finished_at AS TIMESTAMPTZ),
  state = $state,
  phase = $phase,
  rows_read = $rows_read,
  bytes_read = $bytes_read,
  bytes_total = $bytes_total,
  events = $events,
  stored = $stored,
  report = CAST($report AS JSON),
  error = CAST($error AS JSON)
WHERE job_id = $job_id AND finished_at IS NULL
RETURNING job_id
