-- Purpose: a session by the hash of its id, with its user
-- Params: id_hash
-- Returns: the session's columns (session_*) and the user's columns; no row when unknown
SELECT
  s.id_hash AS session_id_hash,
  s.csrf_token AS session_csrf_token,
  s.created_at AS session_created_at,
  s.expires_at AS session_expires_at,
  s.last_seen_at AS session_last_seen_at,
  u.*
FROM sessions s
JOIN users u ON u.id = s.user_id
WHERE s.id_hash = $id_hash
