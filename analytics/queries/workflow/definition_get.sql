-- Purpose: one version of a workflow definition, or its latest version when version is null
-- Params: workflow_key, version (or null: the latest)
-- Returns: workflow_key, version, title, definition (JSON text), created_by, created_at, note
SELECT workflow_key, version, title, CAST(definition AS VARCHAR) AS definition, created_by, created_at, note
FROM workflow_definitions
WHERE workflow_key = $workflow_key AND ($version IS NULL OR version = $version)
ORDER BY version DESC
LIMIT 1
