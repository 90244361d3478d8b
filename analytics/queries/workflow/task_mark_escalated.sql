-- Purpose: marks a task escalated (inside the audited write transaction)
-- Params: task_id, escalated_at
-- Returns: nothing
UPDATE workflow_tasks SET escalated = true, escalated_at = $escalated_at WHERE task_id = $task_id
