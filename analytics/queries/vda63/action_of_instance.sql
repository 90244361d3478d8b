-- Purpose: the process audit an action's workflow instance belongs to
-- Params: instance_id
-- Returns: audit_id
SELECT audit_id FROM vda63_actions WHERE action_id = $instance_id
