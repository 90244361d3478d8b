-- Purpose: the next audit-programme number of a year (inside the write transaction that creates it)
-- Params: year
-- Returns: seq
SELECT CAST(coalesce(max(seq), 0) + 1 AS INTEGER) AS seq FROM vda63_programmes WHERE year = $year
