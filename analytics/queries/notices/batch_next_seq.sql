-- Purpose: the next notice batch number of a year (inside the write transaction that raises the batch)
-- Params: year
-- Returns: seq
SELECT CAST(coalesce(max(seq), 0) + 1 AS INTEGER) AS seq FROM notices WHERE year = $year
