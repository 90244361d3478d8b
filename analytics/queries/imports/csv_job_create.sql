-- Purpose: records an uploaded CSV bundle as a job being checked (audited by the caller in the same transaction)
-- Params: job_id, created_at, actor, files (JSON array text of {name, bytes}), bytes
-- Returns: nothing
INSERT INTO csv_import_jobs
  (job_id, created_at, updated_at, finished_at, actor, state, files, bytes,
   phase, rows_read, bytes_read, bytes_total, events, stored, report, error, note)
-- (SELECT rather than VALUES: the files text becomes JSON when the row is written, not when planned)
SELECT $job_id, CAST($created_at AS TIMESTAMPTZ), CAST($created_at AS TIMESTAMPTZ), NULL, $actor, 'checking',
  $files, $bytes, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
