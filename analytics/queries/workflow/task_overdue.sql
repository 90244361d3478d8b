-- Purpose: open tasks past their due time that have not been escalated yet
-- Params: now (ISO 8601 UTC)
-- Returns: task_id, instance_id, workflow_key, instance_title, subject, state, role, assignee, supplier_id, title, created_at, due_at, status, escalated, mine
SELECT
  t.task_id, t.instance_id, i.workflow_key, i.title AS instance_title, i.subject, t.state, t.role, t.assignee,
  t.supplier_id, t.title, t.created_at, t.due_at, t.status, t.escalated, false AS mine
FROM workflow_tasks t
JOIN workflow_instances i ON i.instance_id = t.instance_id
WHERE t.status = 'open' AND NOT t.escalated AND t.due_at IS NOT NULL AND t.due_at < $now
ORDER BY t.due_at, t.task_id
