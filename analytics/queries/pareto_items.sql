-- Purpose: the lots and units behind one Pareto bar (defects of one dimension value), with their defect quantities
-- Params: dimension ('code' | 'step' | 'equipment' | 'supplier' | 'material'), value, from, to (ISO date-times or null; inspections in [from, to)), material, supplier (or null: all)
-- Returns: object_key, object_id, kind (lot, unit, container), defects, inspections, first_at, last_at (ISO UTC)
WITH found AS (
  SELECT * FROM defect_facts($dimension)
  WHERE value = $value
    AND ($from IS NULL OR inspected_at >= CAST($from AS TIMESTAMP))
    AND ($to IS NULL OR inspected_at < CAST($to AS TIMESTAMP))
    AND ($material IS NULL OR material = $material)
    AND ($supplier IS NULL OR supplier = $supplier)
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
GROUP BY f.object_key
ORDER BY defects DESC, f.object_key
