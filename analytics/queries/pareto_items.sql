-- Purpose: the lots and units behind one Pareto bar (defects of one dimension value), with their defect quantities
-- Params: limit (or null), offset, dimension ('code' | 'step' | 'equipment' | 'supplier' | 'material'), value, from, to (ISO date-times or null; inspections in [from, to)), material, supplier (or null: all)
-- Returns: object_key, object_id, kind (lot, unit, container), defects, inspections, first_at, last_at (ISO UTC), total (objects of the bar); the page of `limit` rows (null: all) after `offset`, most defects first
-- The page is chosen on the defect sums alone; inspections and times are counted for its objects only.
WITH d AS NOT MATERIALIZED (
  SELECT object_key, object_id, kind, quantity, event_id, inspected_at
  FROM fact_defects
  WHERE CASE $dimension
      WHEN 'code' THEN code
      WHEN 'step' THEN step
      WHEN 'equipment' THEN equipment
      WHEN 'supplier' THEN supplier
      WHEN 'material' THEN material
    END = $value
    AND ($from IS NULL OR inspected_at >= CAST($from AS TIMESTAMP))
    AND ($to IS NULL OR inspected_at < CAST($to AS TIMESTAMP))
    AND ($material IS NULL OR material = $material)
    AND ($supplier IS NULL OR supplier = $supplier)
),
page AS (
  SELECT object_key, sum(quantity) AS defects, count(*) OVER () AS total
  FROM d
  GROUP BY object_key
  ORDER BY defects DESC, object_key
  LIMIT $limit OFFSET $offset
)
SELECT
  p.object_key,
  any_value(d.object_id) AS object_id,
  any_value(d.kind) AS kind,
  p.defects,
  count(DISTINCT d.event_id) AS inspections,
  strftime(min(d.inspected_at), '%Y-%m-%dT%H:%M:%S.%gZ') AS first_at,
  strftime(max(d.inspected_at), '%Y-%m-%dT%H:%M:%S.%gZ') AS last_at,
  p.total
FROM page p
JOIN d USING (object_key)
GROUP BY p.object_key, p.defects, p.total
ORDER BY p.defects DESC, p.object_key
