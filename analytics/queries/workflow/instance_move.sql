-- Purpose: moves an instance to a state (inside the audited write transaction)
-- Params: instance_id, state, status ('open' | 'done'), updated_at, ended_at (or null)
-- Returns: nothing
UPDATE workflow_instances
SET state = $state, status = $status, updated_at = $updated_at, ended_at = $ended_at
WHERE instance_id = $instance_id
