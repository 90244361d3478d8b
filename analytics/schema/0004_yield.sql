-- First-pass outcome of every unit a process step produced: the result of the unit's earliest
-- inspection of one kind (e.g. 'fct'). A table macro, so the yield queries share one definition.
CREATE OR REPLACE MACRO first_pass_units(step_name, inspection_kind_name) AS TABLE
WITH produced AS (
  SELECT o.object_key AS unit, e.event_id
  FROM events e
  JOIN event_objects o ON o.event_id = e.event_id AND o.role = 'output' AND o.kind = 'unit'
  WHERE e.event_type = 'TransformationEvent' AND e.step = step_name
),
first_result AS (
  SELECT object_key AS unit, arg_min(result, inspected_at) AS result
  FROM inspections
  WHERE inspection_kind = inspection_kind_name AND result IN ('pass', 'fail')
  GROUP BY object_key
)
SELECT p.unit, p.event_id, f.result = 'fail' AS failed
FROM produced p
JOIN first_result f ON f.unit = p.unit;
