-- Purpose: one CSV import job
-- Params: job_id
-- Returns: the job's columns (csv_import_job_rows: times as ISO UTC text, JSON as text)
SELECT *
FROM csv_import_job_rows
WHERE job_id = $job_id
