-- Purpose: the numeric readings of one process parameter taken by given operations (the sensor reports of their events), to narrow a recall by an out-of-spec parameter
-- Params: ops (JSON array of operation ids, as the graph's Operation.id), parameter (parameter name)
-- Returns: operation (id), value, uom, reading_time (ISO UTC); lowest value first within an operation
SELECT
  coalesce(r.operation_id, r.event_id) AS operation,
  r.value,
  r.uom,
  strftime(CAST(r.reading_time AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%gZ') AS reading_time
FROM sensor_readings r
WHERE r.parameter = $parameter
  AND r.value IS NOT NULL
  AND coalesce(r.operation_id, r.event_id) IN (SELECT unnest(from_json($ops, '["VARCHAR"]')))
ORDER BY operation, r.value, reading_time
