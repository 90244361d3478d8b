-- Purpose: what is known of an uploaded file, without its content
-- Params: sha256
-- Returns: sha256, name, media_type, size, uploaded_by, uploaded_at; no row when unknown
SELECT sha256, name, media_type, size, uploaded_by, uploaded_at FROM form_files WHERE sha256 = $sha256
