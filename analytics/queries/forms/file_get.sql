-- Purpose: an uploaded file with its content
-- Params: sha256
-- Returns: sha256, name, media_type, size, content (base64); no row when unknown
SELECT sha256, name, media_type, size, to_base64(content) AS content FROM form_files WHERE sha256 = $sha256
