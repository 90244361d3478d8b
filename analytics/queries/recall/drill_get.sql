-- Purpose: one mock-recall drill, with its saved report once confirmed
-- Params: drill_id
-- Returns: drill_id, root_id, root_kind, root_code, status, started_by, started_at, confirmed_by, confirmed_at, duration_seconds, note, lots, customers, balanced, report (JSON text or null); no row when unknown
SELECT
  drill_id, root_id, root_kind, root_code, status, started_by, started_at, confirmed_by, confirmed_at,
  duration_seconds, note, lots, customers, balanced, report::VARCHAR AS report
FROM recall_drills
WHERE drill_id = $drill_id
