-- Purpose: the next process-audit number of a year (inside the write transaction that plans it)
-- Params: year
-- Returns: seq
SELECT CAST(coalesce(max(seq), 0) + 1 AS INTEGER) AS seq FROM vda63_audits WHERE year = $year
