-- Purpose: ends a running capture job with its outcome (audited by the caller in the same transaction)
-- Params: capture_id, finished_at, success, epcis_version, events_read, captured, duplicates (or null), errors (JSON array text)
-- Returns: nothing
UPDATE epcis_capture_jobs
SET running = false,
  finished_at = CAST($finished_at AS TIMESTAMPTZ),
  success = $success,
  epcis_version = $epcis_version,
  events_read = $events_read,
  captured = $captured,
  duplicates = $duplicates,
  errors = CAST($errors AS JSON)
WHERE capture_id = $capture_id AND running
