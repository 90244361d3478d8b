-- Purpose: lot_receipts() of the staged new events
-- Params: none
-- Returns: nothing
INSERT INTO fact_receipts
SELECT e.event_id, e.source_party, CAST(e.event_time AS TIMESTAMP), o.object_key, o.object_id, o.quantity, o.uom, m.material
FROM events e
JOIN facts_new_objects o ON o.seq = e.seq AND o.role = 'object' AND o.kind = 'lot'
LEFT JOIN fact_event_materials m ON m.seq = e.seq
WHERE e.seq IN (SELECT seq FROM facts_new_events) -- by position: events are stored in log order
  AND e.biz_step = 'receiving' AND e.action = 'ADD' AND e.source_party IS NOT NULL
