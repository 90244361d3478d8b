-- Purpose: one API token by id (never its secret)
-- Params: id
-- Returns: id, user_id, name, prefix, created_at, created_by, expires_at, last_used_at, revoked_at
SELECT id, user_id, name, prefix, created_at, created_by, expires_at, last_used_at, revoked_at
FROM api_tokens
WHERE id = $id
