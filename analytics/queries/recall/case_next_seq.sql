-- Purpose: the next recall case number of a year (inside the write transaction that opens the case)
-- Params: year
-- Returns: seq
SELECT CAST(coalesce(max(seq), 0) + 1 AS INTEGER) AS seq FROM recall_cases WHERE year = $year
