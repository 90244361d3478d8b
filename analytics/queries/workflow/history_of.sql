-- Purpose: an instance's history, oldest first (seq 0 is the start)
-- Params: instance_id
-- Returns: seq, transition, from_state, to_state, actor, taken_at, comment, submission_id
SELECT seq, transition, from_state, to_state, actor, taken_at, comment, submission_id
FROM workflow_history
WHERE instance_id = $instance_id
ORDER BY seq
