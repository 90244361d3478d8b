-- Purpose: one workflow instance
-- Params: instance_id
-- Returns: instance_id, workflow_key, version, title, subject, supplier_id, state, status, started_by, started_at, updated_at, ended_at
SELECT instance_id, workflow_key, version, title, subject, supplier_id, state, status, started_by, started_at, updated_at, ended_at
FROM workflow_instances
WHERE instance_id = $instance_id
