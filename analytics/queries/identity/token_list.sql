-- Purpose: a user's API tokens, newest first (never their secrets)
-- Params: user_id
-- Returns: id, user_id, name, prefix, created_at, created_by, expires_at, last_used_at, revoked_at
SELECT id, user_id, name, prefix, created_at, created_by, expires_at, last_used_at, revoked_at
FROM api_tokens
WHERE user_id = $user_id
ORDER BY created_at DESC, id
