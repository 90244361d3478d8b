-- Purpose: capture jobs, newest first, one page (keyset paging on created_at, capture_id)
-- Params: actor (or null: everyone's), before_created (ISO or null), before_id (or null), limit
-- Returns: the job's columns as capture_job_get
SELECT * EXCLUDE (created_ts)
FROM epcis_capture_job_rows
WHERE ($actor IS NULL OR actor = $actor)
  AND ($before_created IS NULL
    OR created_ts < CAST($before_created AS TIMESTAMPTZ)
    OR (created_ts = CAST($before_created AS TIMESTAMPTZ) AND capture_id < $before_id))
ORDER BY created_ts DESC, capture_id DESC
LIMIT $limit
