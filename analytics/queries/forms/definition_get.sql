-- Purpose: one version of a form definition, or the latest when version is null
-- Params: form_key, version (null for the latest)
-- Returns: form_key, version, definition (JSON text), created_by, created_at, note; no row when unknown
SELECT form_key, version, definition::VARCHAR AS definition, created_by, created_at, note
FROM form_definitions
WHERE form_key = $form_key AND ($version IS NULL OR version = $version)
ORDER BY version DESC
LIMIT 1
