-- Purpose: 8D cases, newest first, with their current step and how many of their open tasks are overdue (no evidence)
-- Params: supplier_id (or null: every case), now (ISO 8601 UTC)
-- Returns: case_id, title, source_kind, supplier_id, opened_by, opened_at, contained_at, closed_at, state, status, due_at, overdue
SELECT
  c.case_id, c.title, c.source_kind, c.supplier_id, c.opened_by, c.opened_at, c.contained_at, c.closed_at,
  i.state, i.status,
  (SELECT min(t.due_at) FROM workflow_tasks t WHERE t.instance_id = c.instance_id AND t.status = 'open') AS due_at,
  (SELECT count(*) FROM workflow_tasks t
    WHERE t.instance_id = c.instance_id AND t.status = 'open' AND t.due_at < $now) AS overdue
FROM eightd_cases c
JOIN workflow_instances i ON i.instance_id = c.instance_id
WHERE $supplier_id IS NULL OR c.supplier_id = $supplier_id
ORDER BY c.opened_at DESC, c.year DESC, c.seq DESC
