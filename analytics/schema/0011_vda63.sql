-- VDA 6.3 process audits (api/services/vda63.service.ts, scoring in domain/vda63.ts): versioned
-- question catalogues, audit programmes, audits with their answers, the evidence linked to each
-- question (a snapshot with its SHA-256, taken when linked), and the actions raised from findings
-- (each an instance of the 'vda63-action' workflow). Beside the audit trail, so every change and
-- its audit entry commit together. Times are ISO 8601 UTC strings.
CREATE TABLE IF NOT EXISTS vda63_catalogues (
  catalogue_key VARCHAR NOT NULL,
  version INTEGER NOT NULL,               -- 1, 2, … a save makes a new version; audits keep theirs
  title VARCHAR NOT NULL,
  catalogue JSON NOT NULL,                -- domain/vda63.ts Vda63Catalogue
  created_by VARCHAR NOT NULL,
  created_at VARCHAR NOT NULL,
  note VARCHAR,
  PRIMARY KEY (catalogue_key, version)
);

CREATE TABLE IF NOT EXISTS vda63_programmes (
  programme_id VARCHAR PRIMARY KEY,       -- AP-<year>-<seq>
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  title VARCHAR NOT NULL,
  description VARCHAR,
  created_by VARCHAR NOT NULL,
  created_at VARCHAR NOT NULL,
  UNIQUE (year, seq)
);

CREATE TABLE IF NOT EXISTS vda63_audits (
  audit_id VARCHAR PRIMARY KEY,           -- PA-<year>-<seq, 4 digits or more>
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  programme_id VARCHAR NOT NULL,
  title VARCHAR NOT NULL,
  supplier_id VARCHAR,                    -- the audited supplier (null: an audit of our own process)
  process VARCHAR NOT NULL,               -- what is audited: the product, process, site or line
  catalogue_key VARCHAR NOT NULL,
  catalogue_version INTEGER NOT NULL,
  steps JSON NOT NULL,                    -- the process steps P6 is audited at, in order
  scoped_out JSON NOT NULL,               -- [{ element, reason }]
  planned_on VARCHAR NOT NULL,            -- YYYY-MM-DD
  lead_auditor VARCHAR NOT NULL,
  status VARCHAR NOT NULL,                -- planned | in_progress | completed
  created_by VARCHAR NOT NULL,
  created_at VARCHAR NOT NULL,
  started_at VARCHAR,                     -- the first answer
  completed_at VARCHAR,
  completed_by VARCHAR,
  result JSON,                            -- the AuditResult when completed (never recomputed)
  UNIQUE (year, seq)
);

-- The current answer to each question (P6: per step; step '' for the others). Earlier answers
-- are in the audit trail (vda63.answer, before and after).
CREATE TABLE IF NOT EXISTS vda63_answers (
  audit_id VARCHAR NOT NULL,
  question_id VARCHAR NOT NULL,
  step VARCHAR NOT NULL,
  score INTEGER,                          -- 0, 4, 6, 8, 10; null: not evaluated
  reason VARCHAR,                         -- why not evaluated, or the auditor's note
  answered_by VARCHAR NOT NULL,
  answered_at VARCHAR NOT NULL,
  PRIMARY KEY (audit_id, question_id, step)
);

-- Evidence linked to a question: what it names and the snapshot taken when it was linked.
-- Unlinking marks the row; nothing is deleted.
CREATE TABLE IF NOT EXISTS vda63_evidence (
  evidence_id VARCHAR PRIMARY KEY,        -- EV-<uuid>
  audit_id VARCHAR NOT NULL,
  question_id VARCHAR NOT NULL,
  step VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,                  -- trace | recall | drill | spc | scorecard | eightd
  ref JSON NOT NULL,                      -- what it names (kind-specific)
  label VARCHAR NOT NULL,
  note VARCHAR,
  snapshot JSON NOT NULL,
  sha256 VARCHAR NOT NULL,                -- of the snapshot's JSON text
  linked_by VARCHAR NOT NULL,
  linked_at VARCHAR NOT NULL,
  removed_by VARCHAR,
  removed_at VARCHAR,
  removed_reason VARCHAR
);

-- An action raised from a finding: the workflow instance that tracks it to verification.
CREATE TABLE IF NOT EXISTS vda63_actions (
  action_id VARCHAR PRIMARY KEY,          -- the 'vda63-action' instance id: <audit id>-A<n>
  audit_id VARCHAR NOT NULL,
  question_id VARCHAR NOT NULL,
  step VARCHAR NOT NULL,
  score INTEGER NOT NULL,
  action VARCHAR NOT NULL,                -- what is to be done
  owner_user VARCHAR,                     -- a staff user id, or
  supplier_id VARCHAR,                    -- the audited supplier's users
  due_at VARCHAR NOT NULL,
  created_by VARCHAR NOT NULL,
  created_at VARCHAR NOT NULL
);
