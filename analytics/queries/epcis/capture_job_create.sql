-- Purpose: records a submitted EPCIS document as a running capture job (audited by the caller in the same transaction)
-- Params: capture_id, created_at, error_behaviour, actor, media_type, bytes
-- Returns: nothing
INSERT INTO epcis_capture_jobs
  (capture_id, created_at, finished_at, running, success, error_behaviour, actor, media_type,
   epcis_version, bytes, events_read, captured, duplicates, errors)
VALUES
  ($capture_id, CAST($created_at AS TIMESTAMPTZ), NULL, true, false, $error_behaviour, $actor, $media_type,
   NULL, $bytes, NULL, NULL, NULL, '[]')
