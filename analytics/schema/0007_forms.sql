-- Form definitions (versioned), submissions and uploaded files (decision 019, docs/forms.md).
-- A save makes a new version; versions are never edited, so a submission stays readable with the
-- version it was made with. api/services/forms.service.ts and capture.service.ts write these, each
-- change with its audit entry in the same transaction. Times are ISO 8601 UTC strings.
CREATE TABLE IF NOT EXISTS form_definitions (
  form_key VARCHAR NOT NULL,               -- 'receiving', 'process-record', '8d-d3', …
  version INTEGER NOT NULL,                -- 1, 2, … per key
  kind VARCHAR NOT NULL,                   -- capture | record
  step VARCHAR,                            -- the capture step of a capture form
  title VARCHAR NOT NULL,
  definition JSON NOT NULL,                -- the whole FormDefinition (domain/forms.ts)
  created_by VARCHAR NOT NULL,
  created_at VARCHAR NOT NULL,
  note VARCHAR,                            -- what changed, in the editor's words
  PRIMARY KEY (form_key, version)
);

-- Filled-in forms: the data as validated against the pinned version; a capture's event id.
CREATE TABLE IF NOT EXISTS form_submissions (
  submission_id VARCHAR PRIMARY KEY,       -- FS-<year>-<seq, 6 digits or more>
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  form_key VARCHAR NOT NULL,
  version INTEGER NOT NULL,
  data JSON NOT NULL,
  event_id VARCHAR,                        -- the trace event a capture became (null for a record)
  subject VARCHAR,                         -- what it is about: the main object, a case, an instance
  workflow_instance VARCHAR,               -- the workflow instance whose transition it belongs to
  submitted_by VARCHAR NOT NULL,
  submitted_at VARCHAR NOT NULL,
  UNIQUE (year, seq)
);

-- Every object a submission names (canonical keys, gs1-ids.ts), so an object's records are found
-- whichever form of its identifier was scanned.
CREATE TABLE IF NOT EXISTS form_submission_objects (
  submission_id VARCHAR NOT NULL,
  object_key VARCHAR NOT NULL,
  object_id VARCHAR NOT NULL,              -- the identifier as the event carries it
  PRIMARY KEY (submission_id, object_key)
);

-- Uploaded photos and documents, by content (the same bytes are stored once).
CREATE TABLE IF NOT EXISTS form_files (
  sha256 VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,                   -- the name it was first uploaded with
  media_type VARCHAR NOT NULL,             -- from the content's magic bytes, not the name
  size BIGINT NOT NULL,
  content BLOB NOT NULL,
  uploaded_by VARCHAR NOT NULL,
  uploaded_at VARCHAR NOT NULL
);
