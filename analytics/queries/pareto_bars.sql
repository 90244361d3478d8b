-- Purpose: defect quantities grouped by one dimension (code, step, equipment, supplier or material) for a Pareto chart
-- Params: dimension ('code' | 'step' | 'equipment' | 'supplier' | 'material'), from, to (ISO date-times or null; inspections in [from, to)), material (or null: all)
-- Returns: value (null: the inspection or object does not say), defects (sum of defect quantities, 1 where unstated), objects (distinct lots/units)
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
    d.object_key
  FROM defects d
  JOIN inspections i ON i.event_id = d.event_id AND i.object_key = d.object_key
  LEFT JOIN suppliers s ON s.object_key = d.object_key
  LEFT JOIN object_materials() m ON m.object_key = d.object_key
  WHERE ($from IS NULL OR CAST(i.inspected_at AS TIMESTAMP) >= CAST($from AS TIMESTAMP))
    AND ($to IS NULL OR CAST(i.inspected_at AS TIMESTAMP) < CAST($to AS TIMESTAMP))
    AND ($material IS NULL OR m.material = $material)
)
SELECT value, sum(quantity) AS defects, count(DISTINCT object_key) AS objects
FROM found
GROUP BY value
ORDER BY defects DESC, value NULLS LAST
