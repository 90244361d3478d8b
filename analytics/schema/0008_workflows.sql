-- Workflows (api/services/workflow.service.ts): versioned definitions, instances pinned to the
-- version they started on, their history, tasks, notifications; and 8D cases, which run as
-- instances of the workflow '8d'. Beside the audit trail (decision 011), so a change and its audit
-- entry commit together. Times are ISO 8601 UTC strings.
CREATE TABLE IF NOT EXISTS workflow_definitions (
  workflow_key VARCHAR NOT NULL,
  version INTEGER NOT NULL,               -- 1, 2, … a save makes a new version; old ones stay
  title VARCHAR NOT NULL,
  definition JSON NOT NULL,               -- domain/workflow.ts WorkflowDefinition
  created_by VARCHAR NOT NULL,
  created_at VARCHAR NOT NULL,
  note VARCHAR,
  PRIMARY KEY (workflow_key, version)
);

CREATE TABLE IF NOT EXISTS workflow_instances (
  instance_id VARCHAR PRIMARY KEY,
  workflow_key VARCHAR NOT NULL,
  version INTEGER NOT NULL,               -- the definition version it started on, for its whole life
  title VARCHAR NOT NULL,
  subject VARCHAR,                        -- what it is about (a lot id, an 8D case id)
  supplier_id VARCHAR,                    -- the supplier whose users may take its supplier steps
  state VARCHAR NOT NULL,
  status VARCHAR NOT NULL,                -- open | done (in a final state)
  started_by VARCHAR NOT NULL,
  started_at VARCHAR NOT NULL,
  updated_at VARCHAR NOT NULL,
  ended_at VARCHAR
);

-- Every transition taken (seq 0: the start), appended, never edited.
CREATE TABLE IF NOT EXISTS workflow_history (
  instance_id VARCHAR NOT NULL,
  seq INTEGER NOT NULL,
  transition VARCHAR,                     -- null for the start
  from_state VARCHAR,
  to_state VARCHAR NOT NULL,
  actor VARCHAR NOT NULL,
  taken_at VARCHAR NOT NULL,
  comment VARCHAR,
  submission_id VARCHAR,                  -- the form submission taken with the transition
  PRIMARY KEY (instance_id, seq)
);

CREATE TABLE IF NOT EXISTS workflow_tasks (
  task_id VARCHAR PRIMARY KEY,
  instance_id VARCHAR NOT NULL,
  state VARCHAR NOT NULL,                 -- the state whose entry created it
  role VARCHAR NOT NULL,                  -- whose inbox shows it ('supplier' with supplier_id)
  assignee VARCHAR,                       -- a user id, when one person has it
  supplier_id VARCHAR,
  title VARCHAR NOT NULL,
  created_at VARCHAR NOT NULL,
  due_at VARCHAR,
  status VARCHAR NOT NULL,                -- open | done | cancelled
  closed_at VARCHAR,
  closed_by VARCHAR,
  escalated BOOLEAN NOT NULL,
  escalated_at VARCHAR
);

CREATE TABLE IF NOT EXISTS notifications (
  notification_id VARCHAR PRIMARY KEY,
  recipient_user VARCHAR,                 -- a user id, or
  recipient_role VARCHAR,                 -- every user of a role (with supplier_id for supplier users)
  supplier_id VARCHAR,
  text VARCHAR NOT NULL,
  link VARCHAR,                           -- a web path
  task_id VARCHAR,
  created_at VARCHAR NOT NULL
);

-- Read marks per user (a role's notification is read by each of its users on their own).
CREATE TABLE IF NOT EXISTS notification_reads (
  notification_id VARCHAR NOT NULL,
  user_id VARCHAR NOT NULL,
  read_at VARCHAR NOT NULL,
  PRIMARY KEY (notification_id, user_id)
);

-- 8D cases: the case's facts and its evidence snapshot; the steps are the instance's history.
CREATE TABLE IF NOT EXISTS eightd_cases (
  case_id VARCHAR PRIMARY KEY,            -- 8D-<year>-<seq, 4 digits or more>
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  instance_id VARCHAR NOT NULL,           -- the '8d' workflow instance
  title VARCHAR NOT NULL,
  source_kind VARCHAR NOT NULL,           -- lot | pareto | recall
  source JSON NOT NULL,                   -- what it was opened from
  supplier_id VARCHAR,                    -- assigned supplier (its users answer the supplier steps)
  lots JSON NOT NULL,                     -- the affected lot ids
  evidence JSON NOT NULL,                 -- the snapshot taken at opening (never recomputed)
  opened_by VARCHAR NOT NULL,
  opened_at VARCHAR NOT NULL,
  contained_at VARCHAR,                   -- D3 done
  closed_at VARCHAR,                      -- D8 done
  UNIQUE (year, seq)
);
