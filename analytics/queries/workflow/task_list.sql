-- Purpose: tasks of one role (and supplier), for staff looking at another role's queue
-- Params: role, supplier_id (or null: any), status (or null: any)
-- Returns: task_id, instance_id, workflow_key, instance_title, subject, state, role, assignee, supplier_id, title, created_at, due_at, status, escalated, mine
SELECT
  t.task_id, t.instance_id, i.workflow_key, i.title AS instance_title, i.subject, t.state, t.role, t.assignee,
  t.supplier_id, t.title, t.created_at, t.due_at, t.status, t.escalated, false AS mine
FROM workflow_tasks t
JOIN workflow_instances i ON i.instance_id = t.instance_id
WHERE t.role = $role
  AND ($supplier_id IS NULL OR t.supplier_id = $supplier_id)
  AND ($status IS NULL OR t.status = $status)
ORDER BY t.due_at NULLS LAST, t.created_at, t.task_id
LIMIT 1000
