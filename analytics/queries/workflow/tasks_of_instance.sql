-- Purpose: an instance's tasks, oldest first
-- Params: instance_id
-- Returns: task_id, instance_id, state, role, assignee, supplier_id, title, created_at, due_at, status, closed_at, closed_by, escalated, escalated_at
SELECT task_id, instance_id, state, role, assignee, supplier_id, title, created_at, due_at, status, closed_at, closed_by, escalated, escalated_at
FROM workflow_tasks
WHERE instance_id = $instance_id
ORDER BY created_at, task_id
