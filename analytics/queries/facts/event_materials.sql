-- Purpose: reads the ILMD lg:material of each new logged event, once
-- Params: after
-- Returns: nothing
INSERT INTO fact_event_materials
SELECT event_id, seq, material
FROM (
  SELECT event_id, seq, json_extract_string(body, '$.ilmd."lg:material"') AS material
  FROM event_log
  WHERE seq > $after AND kind = 'event'
)
WHERE material IS NOT NULL
