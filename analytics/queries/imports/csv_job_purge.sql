-- Purpose: deletes the jobs that ended (succeeded, failed or cancelled) before a cutoff, for the retention of decision 044; a running job is never deleted (the caller audits the count in the same transaction)
-- Params: cutoff (ISO UTC time: jobs that finished before it go)
-- Returns: job_id of each job deleted
DELETE FROM csv_import_jobs
WHERE finished_at IS NOT NULL
  AND state IN ('succeeded', 'failed', 'cancelled')
  AND finished_at < CAST($cutoff AS TIMESTAMPTZ)
RETURNING job_id
