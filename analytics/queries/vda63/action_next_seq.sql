-- Purpose: the next action number of a process audit (inside the write transaction that raises it)
-- Params: audit_id
-- Returns: seq
SELECT CAST(count(*) + 1 AS INTEGER) AS seq FROM vda63_actions WHERE audit_id = $audit_id
