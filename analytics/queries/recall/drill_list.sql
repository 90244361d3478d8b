-- Purpose: every mock-recall drill, newest first (no report)
-- Params: none
-- Returns: drill_id, root_id, root_kind, root_code, status, started_by, started_at, confirmed_at, duration_seconds, lots, customers, balanced
SELECT
  drill_id, root_id, root_kind, root_code, status, started_by, started_at, confirmed_at, duration_seconds,
  lots, customers, balanced
FROM recall_drills
ORDER BY started_at DESC, year DESC, seq DESC
