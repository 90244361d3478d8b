-- Purpose: the accounting lines of a recall case: what each shipment carried and what has been recorded against it
-- Params: case_id
-- Returns: line_no, shipment, customer, customer_name, material, material_name, uom, shipped, recovered, destroyed, consumed (sums of the records), by line_no
SELECT
  l.line_no, l.shipment, l.customer, l.customer_name, l.material, l.material_name, l.uom, l.shipped,
  coalesce(sum(r.recovered), 0) AS recovered,
  coalesce(sum(r.destroyed), 0) AS destroyed,
  coalesce(sum(r.consumed), 0) AS consumed
FROM recall_lines l
LEFT JOIN recall_records r ON r.case_id = l.case_id AND r.line_no = l.line_no
WHERE l.case_id = $case_id
GROUP BY ALL
ORDER BY l.line_no
