-- Purpose: the latest version of every workflow definition, with how many versions it has and its running instances
-- Params: none
-- Returns: workflow_key, version, title, created_by, created_at, versions, open_instances
WITH latest AS (
  SELECT workflow_key, max(version) AS version, count(*) AS versions FROM workflow_definitions GROUP BY workflow_key
)
SELECT
  d.workflow_key, d.version, d.title, d.created_by, d.created_at, l.versions,
  (SELECT count(*) FROM workflow_instances i WHERE i.workflow_key = d.workflow_key AND i.status = 'open') AS open_instances
FROM workflow_definitions d
JOIN latest l ON l.workflow_key = d.workflow_key AND l.version = d.version
ORDER BY d.workflow_key
