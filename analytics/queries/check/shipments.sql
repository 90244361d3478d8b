-- Purpose: the distinct shipments of the analytic events table up to a log position: a shipping ObjectEvent's shipment, or the event itself without one
-- Params: end (seq)
-- Returns: id
SELECT DISTINCT coalesce(shipment_id, event_id) AS id
FROM events
WHERE event_type = 'ObjectEvent' AND biz_step = 'shipping' AND seq <= $end
