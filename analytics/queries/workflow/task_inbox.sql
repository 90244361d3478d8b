-- Purpose: the open tasks a user sees: assigned to them, or unassigned for their role (a supplier user: only its supplier's)
-- Params: user_id, role, supplier_id (null for staff)
-- Returns: task_id, instance_id, workflow_key, instance_title, subject, state, role, assignee, supplier_id, title, created_at, due_at, status, escalated, mine
SELECT
  t.task_id, t.instance_id, i.workflow_key, i.title AS instance_title, i.subject, t.state, t.role, t.assignee,
  t.supplier_id, t.title, t.created_at, t.due_at, t.status, t.escalated,
  coalesce(t.assignee = $user_id, false) AS mine
FROM workflow_tasks t
JOIN workflow_instances i ON i.instance_id = t.instance_id
WHERE t.status = 'open'
  AND (
    (t.assignee = $user_id AND ($supplier_id IS NULL OR t.supplier_id = $supplier_id))
    OR (t.assignee IS NULL AND t.role = $role
        AND (($supplier_id IS NULL AND t.supplier_id IS NULL) OR t.supplier_id = $supplier_id))
  )
ORDER BY t.due_at NULLS LAST, t.created_at, t.task_id
