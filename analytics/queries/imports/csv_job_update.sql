-- Purpose: writes a running job's state and progress, and its report once committed (a job that has ended is left as it is)
-- Params: job_id, updated_at, state, phase, rows_read, bytes_read, bytes_total, events, stored (progress: each or null), report (JSON text or null: kept)
-- Returns: nothing
UPDATE csv_import_jobs
SET updated_at = CAST($updated_at AS TIMESTAMPTZ),
  state = $state,
  phase = $phase,
  rows_read = $rows_read,
  bytes_read = $bytes_read,
  bytes_total = $bytes_total,
  events = $events,
  stored = $stored,
  report = COALESCE(CAST($report AS JSON), report)
WHERE job_id = $job_id AND finished_at IS NULL
