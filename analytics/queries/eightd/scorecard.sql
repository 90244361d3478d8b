-- Purpose: 8D figures per supplier and period (UTC) of opening: cases opened, mean days from opening to containment (D3 done) and to closure (D8 done)
-- Params: period ('month' | 'quarter' | 'year'), from, to (ISO date-times or null; openings in [from, to)), supplier (or null: all)
-- Returns: supplier, period_start (YYYY-MM-DD), opened, contained, closed, mean_days_to_containment, mean_days_to_closure (null without such cases)
SELECT
  supplier_id AS supplier,
  strftime(date_trunc($period, CAST(opened_at AS TIMESTAMP)), '%Y-%m-%d') AS period_start,
  count(*) AS opened,
  count(contained_at) AS contained,
  count(closed_at) AS closed,
  avg(epoch_ms(CAST(contained_at AS TIMESTAMP)) - epoch_ms(CAST(opened_at AS TIMESTAMP))) / 86400000.0 AS mean_days_to_containment,
  avg(epoch_ms(CAST(closed_at AS TIMESTAMP)) - epoch_ms(CAST(opened_at AS TIMESTAMP))) / 86400000.0 AS mean_days_to_closure
FROM eightd_cases
WHERE supplier_id IS NOT NULL
  AND ($from IS NULL OR CAST(opened_at AS TIMESTAMP) >= CAST($from AS TIMESTAMP))
  AND ($to IS NULL OR CAST(opened_at AS TIMESTAMP) < CAST($to AS TIMESTAMP))
  AND ($supplier IS NULL OR supplier_id = $supplier)
GROUP BY ALL
ORDER BY supplier, period_start
