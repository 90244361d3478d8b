-- Purpose: the lots received from one supplier in one period (UTC) and their first incoming inspection (scorecard drill-down)
-- Params: supplier, period ('month' | 'quarter' | 'year'), start (the period's first day, YYYY-MM-DD)
-- Returns: lot, object_id, material, received_at, quantity, uom, receipt_event_id, inspection_event_id, inspected_at, result, sample_size, defective, minor, major, critical (inspection columns null when not inspected)
SELECT
  r.lot,
  r.object_id,
  r.material,
  strftime(r.received_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS received_at,
  r.quantity,
  r.uom,
  r.event_id AS receipt_event_id,
  f.event_id AS inspection_event_id,
  strftime(f.inspected_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS inspected_at,
  f.result,
  f.sample_size,
  f.defective,
  f.minor,
  f.major,
  f.critical
FROM fact_receipts r
LEFT JOIN fact_incoming f ON f.lot = r.lot
WHERE r.supplier = $supplier AND date_trunc($period, r.received_at) = CAST($start AS TIMESTAMP)
ORDER BY r.received_at, r.lot, r.event_id
