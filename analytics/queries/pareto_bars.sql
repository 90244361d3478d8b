-- Purpose: defect quantities grouped by one dimension (code, step, equipment, supplier or material) for a Pareto chart
-- Params: dimension ('code' | 'step' | 'equipment' | 'supplier' | 'material'), from, to (ISO date-times or null; inspections in [from, to)), material, supplier (or null: all)
-- Returns: value (null: the inspection or object does not say), defects (sum of defect quantities, 1 where unstated), objects (distinct lots/units)
SELECT
  CASE $dimension
    WHEN 'code' THEN code
    WHEN 'step' THEN step
    WHEN 'equipment' THEN equipment
    WHEN 'supplier' THEN supplier
    WHEN 'material' THEN material
  END AS value,
  sum(quantity) AS defects,
  count(DISTINCT object_key) AS objects
FROM fact_defects
WHERE ($from IS NULL OR inspected_at >= CAST($from AS TIMESTAMP))
  AND ($to IS NULL OR inspected_at < CAST($to AS TIMESTAMP))
  AND ($material IS NULL OR material = $material)
  AND ($supplier IS NULL OR supplier = $supplier)
GROUP BY value
ORDER BY defects DESC, value NULLS LAST
