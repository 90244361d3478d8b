-- Purpose: capture jobs, newest first, one page (keyset paging on created_at, capture_id)
-- Params: actor (or null: everyone's), before_created (ISO or null), before_id (or null), limit
-- Returns: the job's columns as capture_job_get
SELECT capture_id,
  strftime(created_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS created_at,
  strftime(finished_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS finished_at,
  running, success, error_behaviour, actor, media_type, epcis_version, bytes,
  events_read, captured, duplicates, errors::VARCHAR AS errors
FROM epcis_capture_jobs
WHERE ($actor IS NULL OR actor = $actor)
  AND ($before_created IS NULL
    OR created_at < CAST($before_created AS TIMESTAMPTZ)
    OR (created_at = CAST($before_created AS TIMESTAMPTZ) AND capture_id < $before_id))
ORDER BY created_at DESC, capture_id DESC
LIMIT $limit
