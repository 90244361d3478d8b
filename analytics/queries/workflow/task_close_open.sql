-- Purpose: closes an instance's open tasks (done when its state is left, cancelled when re-routed)
-- Params: instance_id, status ('done' | 'cancelled'), closed_at, closed_by
-- Returns: nothing
UPDATE workflow_tasks
SET status = $status, closed_at = $closed_at, closed_by = $closed_by
WHERE instance_id = $instance_id AND status = 'open'
