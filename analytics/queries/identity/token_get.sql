-- Purpose: an API token by the hash of its secret, with its user
-- Params: secret_hash
-- Returns: the token's columns (token_*) and the user's columns; no row when unknown
SELECT
  t.id AS token_id,
  t.expires_at AS token_expires_at,
  t.revoked_at AS token_revoked_at,
  t.last_used_at AS token_last_used_at,
  u.*
FROM api_tokens t
JOIN users u ON u.id = t.user_id
WHERE t.secret_hash = $secret_hash
