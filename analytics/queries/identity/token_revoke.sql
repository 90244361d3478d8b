-- Purpose: revokes an API token (kept for the record)
-- Params: id, revoked_at
-- Returns: nothing
UPDATE api_tokens SET revoked_at = $revoked_at WHERE id = $id AND revoked_at IS NULL
