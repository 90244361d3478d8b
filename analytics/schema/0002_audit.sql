-- The audit trail: every state change, who, when, what, before and after, why; hash-chained.
CREATE TABLE IF NOT EXISTS audit_log (
  seq BIGINT PRIMARY KEY,
  recorded_at VARCHAR NOT NULL,            -- ISO 8601 UTC with milliseconds (sorts as time; hashed as written)
  actor VARCHAR NOT NULL,
  action VARCHAR NOT NULL,
  subject VARCHAR NOT NULL,
  before JSON,
  after JSON,
  reason VARCHAR,
  prev_hash VARCHAR NOT NULL,
  hash VARCHAR NOT NULL
);
