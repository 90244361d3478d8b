-- Recall cases and mock-recall drills (workflow data beside the audit trail, decision 011, so a
-- change and its audit entry commit together; api/services/recall-case.service.ts and
-- drill.service.ts write them). Ids are readable and numbered per year: RC-2026-0001,
-- DR-2026-0001. Times are ISO 8601 UTC strings; quantities in the line's unit of measure.
CREATE TABLE IF NOT EXISTS recall_cases (
  case_id VARCHAR PRIMARY KEY,             -- RC-<year>-<seq, 4 digits or more>
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,                    -- 1, 2, … within the year
  title VARCHAR NOT NULL,
  reason VARCHAR NOT NULL,                 -- why the recall was opened
  root_id VARCHAR NOT NULL,                -- the object the recall starts from
  root_kind VARCHAR NOT NULL,
  root_code VARCHAR NOT NULL,
  criteria JSON,                           -- the narrowing criteria, when the scope was narrowed
  scope JSON NOT NULL,                     -- the recall scope as it was at opening (never recomputed)
  status VARCHAR NOT NULL,                 -- open | closed
  opened_by VARCHAR NOT NULL,
  opened_at VARCHAR NOT NULL,
  closed_by VARCHAR,
  closed_at VARCHAR,
  close_reason VARCHAR,
  UNIQUE (year, seq)
);

-- What was shipped, one line per shipment x material x unit of measure of the snapshot.
CREATE TABLE IF NOT EXISTS recall_lines (
  case_id VARCHAR NOT NULL,
  line_no INTEGER NOT NULL,                -- 1, 2, … in the snapshot's shipment order
  shipment VARCHAR NOT NULL,
  customer VARCHAR,
  customer_name VARCHAR,
  material VARCHAR,                        -- null when the shipped objects name no material
  material_name VARCHAR,
  uom VARCHAR NOT NULL,
  shipped DOUBLE NOT NULL,
  PRIMARY KEY (case_id, line_no)
);

-- What came back, was destroyed or used up at the customer: appended, never edited.
CREATE TABLE IF NOT EXISTS recall_records (
  case_id VARCHAR NOT NULL,
  seq INTEGER NOT NULL,                    -- 1, 2, … within the case
  line_no INTEGER NOT NULL,
  recovered DOUBLE NOT NULL,               -- returned to us
  destroyed DOUBLE NOT NULL,               -- destroyed at the customer, attested
  consumed DOUBLE NOT NULL,                -- used or sold on by the customer, not recoverable
  note VARCHAR,
  recorded_by VARCHAR NOT NULL,
  recorded_at VARCHAR NOT NULL,
  PRIMARY KEY (case_id, seq)
);

-- Mock-recall drills: the clock runs from start to confirmation; the report is saved at confirmation.
CREATE TABLE IF NOT EXISTS recall_drills (
  drill_id VARCHAR PRIMARY KEY,            -- DR-<year>-<seq>
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  root_id VARCHAR NOT NULL,
  root_kind VARCHAR NOT NULL,
  root_code VARCHAR NOT NULL,
  status VARCHAR NOT NULL,                 -- running | confirmed
  started_by VARCHAR NOT NULL,
  started_at VARCHAR NOT NULL,
  confirmed_by VARCHAR,
  confirmed_at VARCHAR,
  duration_seconds DOUBLE,                 -- confirmed_at - started_at
  note VARCHAR,
  lots INTEGER NOT NULL,                   -- lots in the scope (at start; at confirmation once confirmed)
  customers INTEGER NOT NULL,              -- customers reached (likewise)
  balanced BOOLEAN NOT NULL,               -- every lot's mass balance closes (likewise)
  report JSON,                             -- { scope, balance, counts } saved at confirmation
  UNIQUE (year, seq)
);
