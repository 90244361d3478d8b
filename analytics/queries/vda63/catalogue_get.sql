-- Purpose: one version of a VDA 6.3 catalogue (the latest when version is null)
-- Params: catalogue_key, version (or null)
-- Returns: catalogue_key, version, title, catalogue (JSON text), created_by, created_at, note
SELECT catalogue_key, version, title, catalogue::VARCHAR AS catalogue, created_by, created_at, note
FROM vda63_catalogues
WHERE catalogue_key = $catalogue_key AND ($version IS NULL OR version = $version)
ORDER BY version DESC
LIMIT 1
