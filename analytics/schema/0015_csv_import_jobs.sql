-- Streamed CSV imports through a running server (POST /api/imports/csv, decisions 038 and 040):
-- one row per job, from its upload to its end, so that a job outlives the server that ran it.
-- The events go to the event log in the import's own transaction; a job only says what became
-- of an upload. A job runs while finished_at is NULL.
CREATE TABLE IF NOT EXISTS csv_import_jobs (
  job_id VARCHAR PRIMARY KEY,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,   -- its state or progress last written
  finished_at TIMESTAMPTZ,
  actor VARCHAR NOT NULL,
  state VARCHAR NOT NULL CHECK (state IN
    ('checking', 'converting', 'projecting', 'succeeded', 'failed', 'cancelled')),
  files JSON NOT NULL,               -- [{name, bytes}] in the order of the upload
  bytes BIGINT NOT NULL,             -- the upload's size
  -- progress, as last written (NULL before the first report): the phase ('check' or 'convert'),
  -- data rows and bytes read in it of bytes_total, events converted, events newly stored
  phase VARCHAR,
  rows_read BIGINT,
  bytes_read BIGINT,
  bytes_total BIGINT,
  events BIGINT,
  stored BIGINT,
  report JSON,                       -- what was stored, once committed
  error JSON,                        -- {code, message, problems} when failed or cancelled
  note VARCHAR                       -- what the start-up after an interrupted job found
);

-- A job as the store's readers see it: times as ISO UTC text, JSON as text.
CREATE OR REPLACE VIEW csv_import_job_rows AS
SELECT job_id,
  strftime(created_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS created_at,
  strftime(finished_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS finished_at,
  actor, state, files::VARCHAR AS files, bytes,
  phase, rows_read, bytes_read, bytes_total, events, stored,
  report::VARCHAR AS report, error::VARCHAR AS error, note
FROM csv_import_jobs;
