-- Quality notices (api/services/notice.service.ts, docs/notices.md): raised together from a bad
-- lot as one batch, one notice per affected customer (its shipments and objects) and one to the
-- lot's supplier (an 8D request); what a notice names is snapshotted when it is raised. Beside
-- the audit trail, so each change and its audit entry commit together. Times are ISO 8601 UTC.
CREATE TABLE IF NOT EXISTS notices (
  notice_id VARCHAR PRIMARY KEY,          -- <batch>-S<n> (supplier) or <batch>-C<n> (customers)
  batch_id VARCHAR NOT NULL,              -- QN-<year>-<seq>: the notices raised together
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,                   -- the batch's number in its year
  kind VARCHAR NOT NULL,                  -- customer | supplier
  party_id VARCHAR NOT NULL,              -- the customer's or supplier's party id
  party_name VARCHAR,
  title VARCHAR NOT NULL,
  reason VARCHAR NOT NULL,                -- what was found, as the notice says it
  source JSON NOT NULL,                   -- raised from: { kind: lot, lot, criteria } | { kind: recall, caseId }
  root JSON NOT NULL,                     -- the bad lot: { id, kind, code }
  content JSON NOT NULL,                  -- what the notice names (shipments, lots, units, containers, quantities)
  due_hours INTEGER NOT NULL,             -- from sending to the due time
  status VARCHAR NOT NULL,                -- draft | sent | acknowledged | closed
  raised_by VARCHAR NOT NULL,
  raised_at VARCHAR NOT NULL,
  sent_by VARCHAR,
  sent_at VARCHAR,
  due_at VARCHAR,
  eightd_case VARCHAR,                    -- a supplier notice's 8D case (opened or linked at sending)
  escalated_at VARCHAR,                   -- once, when it was still unanswered at its due time
  answered_at VARCHAR,
  answer JSON,                            -- { name, answer, channel, recordedBy, reason }
  closed_by VARCHAR,
  closed_at VARCHAR,
  close_reason VARCHAR
);

-- Single-use links of customer notices: only the SHA-256 digest of the token is kept.
CREATE TABLE IF NOT EXISTS notice_links (
  token_hash VARCHAR PRIMARY KEY,
  notice_id VARCHAR NOT NULL,
  issued_by VARCHAR NOT NULL,
  issued_at VARCHAR NOT NULL,
  expires_at VARCHAR NOT NULL,
  used_at VARCHAR,                        -- the acknowledgement made with it
  revoked_at VARCHAR                      -- a newer link, an answer recorded otherwise, or closing
);
