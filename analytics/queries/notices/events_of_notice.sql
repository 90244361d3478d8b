-- Purpose: the logged events a notice may pass on: each names one of its objects and nothing else, and a shipping event only one of its shipments; with its stored body, in event-time order
-- Params: keys (JSON array of canonical object keys), shipments (JSON array of shipment ids)
-- Returns: seq, event_id (log id), record_time (ISO UTC), body (JSON text)
WITH wanted AS (SELECT unnest(from_json($keys, '["VARCHAR"]')) AS object_key),
named AS (
  SELECT o.seq, bool_and(o.object_key IN (SELECT object_key FROM wanted)) AS only_wanted
  FROM event_objects o
  WHERE o.seq IN (SELECT DISTINCT seq FROM event_objects WHERE object_key IN (SELECT object_key FROM wanted))
  GROUP BY o.seq
)
SELECT e.seq, e.event_id, strftime(l.record_time, '%Y-%m-%dT%H:%M:%S.%gZ') AS record_time, l.body::VARCHAR AS body
FROM named n
JOIN events e ON e.seq = n.seq
JOIN event_log l ON l.seq = e.seq
WHERE n.only_wanted
  AND (e.biz_step IS DISTINCT FROM 'shipping'
       OR coalesce(e.shipment_id, e.event_id) IN (SELECT unnest(from_json($shipments, '["VARCHAR"]'))))
ORDER BY e.event_time, e.seq
