-- Purpose: the next 8D case number of a year (inside the write transaction that opens the case)
-- Params: year
-- Returns: seq
SELECT CAST(coalesce(max(seq), 0) + 1 AS INTEGER) AS seq FROM eightd_cases WHERE year = $year
