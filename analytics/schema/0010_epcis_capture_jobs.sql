-- Capture jobs of the EPCIS 2.0 REST binding (POST /epcis/capture): one row per submitted
-- document, from "running" to success or failure. The events themselves go to the event log;
-- a job only says what became of a submission.
CREATE TABLE IF NOT EXISTS epcis_capture_jobs (
  capture_id VARCHAR PRIMARY KEY,
  created_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ,
  running BOOLEAN NOT NULL,
  success BOOLEAN NOT NULL,
  error_behaviour VARCHAR NOT NULL,  -- 'rollback': a document with any problem stores nothing
  actor VARCHAR NOT NULL,
  media_type VARCHAR NOT NULL,       -- application/json, application/ld+json, application/xml
  epcis_version VARCHAR,             -- '2.0', or '1.2' for converted EPCIS 1.2 XML
  bytes BIGINT NOT NULL,
  events_read INTEGER,
  captured INTEGER,
  duplicates INTEGER,
  errors JSON NOT NULL               -- RFC 7807 problem objects, [] when none
);

-- A job as the store's readers see it: times as ISO UTC text, errors as JSON text.
CREATE OR REPLACE VIEW epcis_capture_job_rows AS
SELECT capture_id,
  strftime(created_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS created_at,
  strftime(finished_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS finished_at,
  running, success, error_behaviour, actor, media_type, epcis_version, bytes,
  events_read, captured, duplicates, errors::VARCHAR AS errors,
  created_at AS created_ts
FROM epcis_capture_jobs;
