-- Purpose: the subjects that already have an instance of a workflow (any status), among some candidates
-- Params: workflow_key, subjects (JSON array of subject ids)
-- Returns: subject
SELECT DISTINCT subject FROM workflow_instances
WHERE workflow_key = $workflow_key AND subject IN (SELECT unnest(from_json($subjects, '["VARCHAR"]')))
