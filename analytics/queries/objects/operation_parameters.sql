-- Purpose: the process parameters one operation recorded (sensor readings of its events), for an object's detail panel
-- Params: operation (operation id, the transformation id as captured)
-- Returns: name, value, string_value, uom, measurement_type, time (ISO UTC); by time, then name
SELECT
  parameter AS name,
  value,
  string_value,
  uom,
  measurement_type,
  strftime(reading_time, '%Y-%m-%dT%H:%M:%S.%gZ') AS time
FROM sensor_readings
WHERE operation_id = $operation
ORDER BY reading_time, parameter, event_id
