-- Purpose: one 8D case with its evidence snapshot and its workflow instance's state
-- Params: case_id
-- Returns: case_id, instance_id, title, source_kind, source, supplier_id, lots, evidence, opened_by, opened_at, contained_at, closed_at, state, status, version
SELECT
  c.case_id, c.instance_id, c.title, c.source_kind, CAST(c.source AS VARCHAR) AS source, c.supplier_id,
  CAST(c.lots AS VARCHAR) AS lots, CAST(c.evidence AS VARCHAR) AS evidence, c.opened_by, c.opened_at,
  c.contained_at, c.closed_at, i.state, i.status, i.version
FROM eightd_cases c
JOIN workflow_instances i ON i.instance_id = c.instance_id
WHERE c.case_id = $case_id
