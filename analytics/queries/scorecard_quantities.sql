-- Purpose: quantity received per supplier, period (UTC) of receipt and unit of measure
-- Params: period ('month' | 'quarter' | 'year'), from, to (ISO date-times or null; receipts in [from, to)), supplier, material (or null: all)
-- Returns: supplier, period_start (YYYY-MM-DD), uom (null when not stated), quantity
SELECT
  supplier,
  strftime(date_trunc($period, received_at), '%Y-%m-%d') AS period_start,
  uom,
  sum(quantity) AS quantity
FROM fact_receipts
WHERE ($from IS NULL OR received_at >= CAST($from AS TIMESTAMP))
  AND ($to IS NULL OR received_at < CAST($to AS TIMESTAMP))
  AND ($supplier IS NULL OR supplier = $supplier)
  AND ($material IS NULL OR material = $material)
GROUP BY ALL
ORDER BY supplier, period_start, uom
