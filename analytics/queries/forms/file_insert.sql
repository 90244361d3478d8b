-- Purpose: stores an uploaded file once by its content hash (a repeated upload changes nothing)
-- Params: sha256, name, media_type, size, content (base64), uploaded_by, uploaded_at
-- Returns: nothing
INSERT INTO form_files (sha256, name, media_type, size, content, uploaded_by, uploaded_at)
VALUES ($sha256, $name, $media_type, $size, from_base64($content), $uploaded_by, $uploaded_at)
ON CONFLICT (sha256) DO NOTHING
