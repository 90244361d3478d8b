-- Purpose: every logged event that names one of the given objects (by canonical key, in any role), with its stored body, in event-time order: the events of a trace or recall scope
-- Params: keys (JSON array of canonical object keys)
-- Returns: seq, event_id (log id), record_time (ISO UTC), body (JSON text)
WITH wanted AS (
  SELECT DISTINCT o.seq
  FROM event_objects o
  WHERE o.object_key IN (SELECT unnest(from_json($keys, '["VARCHAR"]')))
)
SELECT e.seq, e.event_id, strftime(l.record_time, '%Y-%m-%dT%H:%M:%S.%gZ') AS record_time, l.body::VARCHAR AS body
FROM wanted w
JOIN events e ON e.seq = w.seq
JOIN event_log l ON l.seq = e.seq
ORDER BY e.event_time, e.seq
