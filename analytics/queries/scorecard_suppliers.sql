-- Purpose: supplier scorecard counts per supplier and period (UTC) of receipt, from lots received and their first incoming inspection
-- Params: period ('month' | 'quarter' | 'year'), from, to (ISO date-times or null; receipts in [from, to)), supplier, material (or null: all)
-- Returns: supplier, supplier_name, period_start (YYYY-MM-DD), lots_received, lots_inspected, lots_passed, sampled, defective_sampled, minor, major, critical
WITH r AS (
  SELECT *
  FROM fact_receipts
  WHERE ($from IS NULL OR received_at >= CAST($from AS TIMESTAMP))
    AND ($to IS NULL OR received_at < CAST($to AS TIMESTAMP))
    AND ($supplier IS NULL OR supplier = $supplier)
    AND ($material IS NULL OR material = $material)
),
lots AS (
  SELECT DISTINCT supplier, date_trunc($period, received_at) AS period_start, lot FROM r
),
names AS (
  SELECT id, arg_max(json_extract_string(attributes, '$."lg:name"'), seq) AS name
  FROM master_data
  GROUP BY id
)
SELECT
  l.supplier,
  n.name AS supplier_name,
  strftime(l.period_start, '%Y-%m-%d') AS period_start,
  count(*) AS lots_received,
  count(f.lot) AS lots_inspected,
  count(f.lot) FILTER (WHERE f.result = 'pass') AS lots_passed,
  coalesce(sum(f.sample_size) FILTER (WHERE f.sample_size > 0), 0) AS sampled,
  coalesce(sum(f.defective) FILTER (WHERE f.sample_size > 0), 0) AS defective_sampled,
  coalesce(sum(f.minor), 0) AS minor,
  coalesce(sum(f.major), 0) AS major,
  coalesce(sum(f.critical), 0) AS critical
FROM lots l
LEFT JOIN fact_incoming f ON f.lot = l.lot
LEFT JOIN names n ON n.id = l.supplier
GROUP BY l.supplier, n.name, l.period_start
ORDER BY l.supplier, l.period_start
