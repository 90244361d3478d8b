-- Purpose: confirms a running drill: stops the clock and saves the report (audited by the caller in the same transaction)
-- Params: drill_id, confirmed_by, confirmed_at, duration_seconds, note, lots, customers, balanced, report (JSON text)
-- Returns: nothing
UPDATE recall_drills
SET
  status = 'confirmed',
  confirmed_by = $confirmed_by,
  confirmed_at = $confirmed_at,
  duration_seconds = $duration_seconds,
  note = $note,
  lots = $lots,
  customers = $customers,
  balanced = $balanced,
  report = $report
WHERE drill_id = $drill_id AND status = 'running'
