-- The first inspection of one kind with a verdict (pass or fail) of every object: re-tests after
-- rework do not change it; ties by event id. Yield, first-pass yield over time and the u-chart
-- all count a unit's first inspection through this one definition.
CREATE OR REPLACE MACRO first_inspections(inspection_kind_name) AS TABLE
SELECT
  object_key,
  arg_min(event_id, (inspected_at, event_id)) AS event_id,
  CAST(min(inspected_at) AS TIMESTAMP) AS inspected_at,
  arg_min(result, (inspected_at, event_id)) = 'fail' AS failed
FROM inspections
WHERE inspection_kind = inspection_kind_name AND result IN ('pass', 'fail')
GROUP BY object_key;

-- First-pass outcome of every unit a process step produced: the result of the unit's earliest
-- inspection of one kind (e.g. 'fct'). A table macro, so the yield queries share one definition.
-- unit is the canonical key, unit_id the id as captured, event_id the producing event.
CREATE OR REPLACE MACRO first_pass_units(step_name, inspection_kind_name) AS TABLE
WITH produced AS (
  SELECT o.object_key AS unit, o.object_id AS unit_id, e.event_id
  FROM events e
  JOIN event_objects o ON o.event_id = e.event_id AND o.role = 'output' AND o.kind = 'unit'
  WHERE e.event_type = 'TransformationEvent' AND e.step = step_name
)
SELECT p.unit, p.unit_id, p.event_id, f.failed
FROM produced p
JOIN first_inspections(inspection_kind_name) f ON f.object_key = p.unit;

-- The numeric readings of the operation that made each first-pass unit of a step, each with its
-- equal-count bin within its parameter (ntile over value, ties by unit). One parameter, or all
-- when parameter_name is NULL: the bins of /yield/parameter, the yield factors and the heatmap.
CREATE OR REPLACE MACRO binned_readings(step_name, inspection_kind_name, parameter_name, bin_count) AS TABLE
SELECT
  u.unit,
  u.unit_id,
  u.event_id,
  u.failed,
  r.parameter,
  r.uom,
  r.value,
  ntile(bin_count) OVER (PARTITION BY r.parameter ORDER BY r.value, u.unit) AS bin
FROM first_pass_units(step_name, inspection_kind_name) u
JOIN sensor_readings r ON r.event_id = u.event_id
WHERE r.value IS NOT NULL AND (parameter_name IS NULL OR r.parameter = parameter_name);

-- Every unit a TransformationEvent made, at its first inspection of one kind, with the operation
-- that made it for that inspection: the last maker at or before the inspection (a rework after
-- it does not count), or the first maker when all are later (clocks apart). The operation's
-- step, line (read point, else business location, as the graph's Operation.line) and equipment.
CREATE OR REPLACE MACRO first_pass_made(inspection_kind_name) AS TABLE
WITH made AS (
  SELECT
    o.object_key AS unit,
    e.seq,
    CAST(e.event_time AS TIMESTAMP) AS made_at,
    e.event_id,
    e.step,
    coalesce(e.read_point, e.biz_location) AS line,
    e.equipment
  FROM events e
  JOIN event_objects o ON o.event_id = e.event_id AND o.role = 'output' AND o.kind = 'unit'
  WHERE e.event_type = 'TransformationEvent'
),
picked AS (
  SELECT
    f.object_key AS unit,
    -- first_inspections has one row per unit: group by its key alone
    any_value(f.event_id) AS event_id,
    any_value(f.inspected_at) AS inspected_at,
    any_value(f.failed) AS failed,
    -- largest key wins: makers before the inspection first, the latest of them; else the earliest
    arg_max(
      { 'op': m.event_id, 'step': m.step, 'line': m.line, 'equipment': m.equipment },
      (
        m.made_at <= f.inspected_at,
        CASE WHEN m.made_at <= f.inspected_at THEN epoch_us(m.made_at) ELSE -epoch_us(m.made_at) END,
        m.seq
      )
    ) AS maker
  FROM first_inspections(inspection_kind_name) f
  JOIN made m ON m.unit = f.object_key
  GROUP BY f.object_key
)
SELECT
  unit,
  event_id,
  inspected_at,
  failed,
  maker.op AS op_event_id,
  maker.step AS step,
  maker.line AS line,
  maker.equipment AS equipment
FROM picked;
