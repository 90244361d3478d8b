-- Purpose: the lots and units behind one Pareto bar (defects of one dimension value), with their defect quantities
-- Params: dimension ('code' | 'step' | 'equipment' | 'supplier' | 'material'), value, from, to (ISO date-times or null; inspections in [from, to)), material (or null: all)
-- Returns: object_key, object_id, kind (lot, unit, container), defects, inspections, first_at, last_at (ISO UTC)
WITH suppliers AS (
  SELECT lot AS object_key, arg_max(supplier, received_at) AS supplier FROM lot_receipts() GROUP BY lot
),
found AS (
  SELECT
    CASE $dimension
      WHEN 'code' THEN d.code
      WHEN 'step' THEN i.step
      WHEN 'equipment' THEN i.equipment
      WHEN 'supplier' THEN s.supplier
      WHEN 'material' THEN m.material
    END AS value,
    coalesce(d.quantity, 1) AS quantity,
    d.object_key,
    i.object_id,
    d.event_id,
    CAST(i.inspected_at AS TIMESTAMP) AS inspected_at
  FROM defects d
  JOIN inspections i ON i.event_id = d.event_id AND i.object_key = d.object_key
  LEFT JOIN suppliers s ON s.object_key = d.object_key
  LEFT JOIN object_materials() m ON m.object_key = d.object_key
  WHERE ($from IS NULL OR CAST(i.inspected_at AS TIMESTAMP) >= CAST($from AS TIMESTAMP))
    AND ($to IS NULL OR CAST(i.inspected_at AS TIMESTAMP) < CAST($to AS TIMESTAMP))
    AND ($material IS NULL OR m.material = $material)
),
kinds AS (
  SELECT object_key, any_value(kind) AS kind FROM event_objects GROUP BY object_key
)
SELECT
  f.object_key,
  any_value(f.object_id) AS object_id,
  any_value(k.kind) AS kind,
  sum(f.quantity) AS defects,
  count(DISTINCT f.event_id) AS inspections,
  strftime(min(f.inspected_at), '%Y-%m-%dT%H:%M:%S.%gZ') AS first_at,
  strftime(max(f.inspected_at), '%Y-%m-%dT%H:%M:%S.%gZ') AS last_at
FROM found f
LEFT JOIN kinds k ON k.object_key = f.object_key
WHERE f.value = $value
GROUP BY f.object_key
ORDER BY defects DESC, f.object_key
