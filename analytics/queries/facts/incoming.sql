-- Purpose: the first incoming verdicts of the touched objects
-- Params: none
-- Returns: nothing
INSERT INTO fact_incoming
WITH ranked AS (
  SELECT i.*, row_number() OVER (PARTITION BY i.object_key ORDER BY i.inspected_at, i.event_id) AS rn
  FROM facts_key_inspections i
  WHERE i.inspection_kind = 'incoming' AND i.result IN ('pass', 'fail')
),
sev AS (
  SELECT
    event_id,
    object_key,
    sum(coalesce(quantity, 1)) AS defects,
    sum(coalesce(quantity, 1)) FILTER (WHERE severity = 'minor') AS minor,
    sum(coalesce(quantity, 1)) FILTER (WHERE severity = 'major') AS major,
    sum(coalesce(quantity, 1)) FILTER (WHERE severity = 'critical') AS critical
  FROM defects
  WHERE object_key IN (SELECT object_key FROM facts_keys)
  GROUP BY event_id, object_key
)
SELECT
  r.event_id,
  r.object_key,
  CAST(r.inspected_at AS TIMESTAMP),
  r.result,
  r.sample_size,
  coalesce(r.defective_quantity, s.defects, 0),
  coalesce(s.minor, 0),
  coalesce(s.major, 0),
  coalesce(s.critical, 0)
FROM ranked r
LEFT JOIN sev s ON s.event_id = r.event_id AND s.object_key = r.object_key
WHERE r.rn = 1
