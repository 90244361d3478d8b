-- Purpose: the next mock-recall drill number of a year (inside the write transaction that starts the drill)
-- Params: year
-- Returns: seq
SELECT CAST(coalesce(max(seq), 0) + 1 AS INTEGER) AS seq FROM recall_drills WHERE year = $year
