-- Purpose: the next submission number of a year (inside the write transaction that stores it)
-- Params: year
-- Returns: seq
SELECT CAST(coalesce(max(seq), 0) + 1 AS INTEGER) AS seq FROM form_submissions WHERE year = $year
