-- Purpose: every version of one workflow definition, newest first, with the instances pinned to each
-- Params: workflow_key
-- Returns: version, title, created_by, created_at, note, instances, open_instances
SELECT
  d.version, d.title, d.created_by, d.created_at, d.note,
  (SELECT count(*) FROM workflow_instances i WHERE i.workflow_key = d.workflow_key AND i.version = d.version) AS instances,
  (SELECT count(*) FROM workflow_instances i
    WHERE i.workflow_key = d.workflow_key AND i.version = d.version AND i.status = 'open') AS open_instances
FROM workflow_definitions d
WHERE d.workflow_key = $workflow_key
ORDER BY d.version DESC
