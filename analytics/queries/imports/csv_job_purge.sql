-- Purpose: deletes the jobs that ended (succeeded, failed or cancelled) before a cutoff, for the retention of decision 044; a running job is never deleted (the caller audits the count in the same transaction)
-- Params: cutoff (ISO UTC time: jobs that finished before it go)
-- Returns: job_id of each job deleted
DELETE FROM csv_import_jobs
-- finished_at is set exactly when a job ends (succeeded, failed or cancelled): a running job has none
WHERE finished_at < CAST($cutoff AS TIMESTAMPTZ)
RETURNING job_id
