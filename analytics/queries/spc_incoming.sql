-- Purpose: incoming-inspection lot verdicts per period (UTC) of inspection, for a p-chart of the lot pass rate
-- Params: period ('month' | 'week': ISO weeks starting Monday), supplier (lots of one supplier, or null: all)
-- Returns: period_start (YYYY-MM-DD), inspected (lots, first verdict each), passed
SELECT
  strftime(date_trunc($period, inspected_at), '%Y-%m-%d') AS period_start,
  count(*) AS inspected,
  count(*) FILTER (WHERE result = 'pass') AS passed
FROM fact_incoming
WHERE $supplier IS NULL OR lot IN (SELECT lot FROM fact_receipts WHERE supplier = $supplier)
GROUP BY ALL
ORDER BY period_start
