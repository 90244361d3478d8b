-- Purpose: the first-pass facts of the touched units for every kind (the operation that made each), with the defects found at that first inspection (a defect on an inspection of k objects counts 1/k), stored by kind and inspection time
-- Params: none
-- Returns: nothing
INSERT INTO fact_first_pass
WITH made AS (
  SELECT object_key AS unit, seq, made_at, event_id, step, line, equipment
  FROM facts_key_objects
  WHERE role = 'output' AND kind = 'unit' AND event_type = 'TransformationEvent'
),
picked AS (
  SELECT
    f.object_key AS unit,
    f.inspection_kind,
    any_value(f.event_id) AS event_id,
    any_value(f.seq) AS seq,
    any_value(f.inspected_at) AS inspected_at,
    any_value(f.failed) AS failed,
    -- makers before the inspection first, the latest of them; else the earliest
    arg_max(
      { 'op': m.event_id, 'step': m.step, 'line': m.line, 'equipment': m.equipment },
      (
        m.made_at <= f.inspected_at,
        CASE WHEN m.made_at <= f.inspected_at THEN epoch_us(m.made_at) ELSE -epoch_us(m.made_at) END,
        m.seq
      )
    ) AS maker
  FROM facts_key_first_inspections() f
  JOIN made m ON m.unit = f.object_key
  GROUP BY f.object_key, f.inspection_kind
),
judged AS (
  SELECT seq, inspection_kind, count(*) AS objects
  FROM inspections
  WHERE seq IN (SELECT seq FROM picked)
  GROUP BY seq, inspection_kind
),
found AS (
  SELECT event_id, object_key, sum(coalesce(quantity, 1)) AS defects
  FROM defects
  WHERE object_key IN (SELECT object_key FROM facts_keys)
  GROUP BY event_id, object_key
)
SELECT
  p.inspection_kind, p.unit, p.event_id, p.inspected_at, p.failed,
  p.maker.op, p.maker.step, p.maker.line, p.maker.equipment,
  f.defects / j.objects
FROM picked p
LEFT JOIN found f ON f.event_id = p.event_id AND f.object_key = p.unit
LEFT JOIN judged j ON j.seq = p.seq AND j.inspection_kind = p.inspection_kind
ORDER BY p.inspection_kind, p.inspected_at
