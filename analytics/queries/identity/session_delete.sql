-- Purpose: ends one session (sign-out, expiry)
-- Params: id_hash
-- Returns: nothing
DELETE FROM sessions WHERE id_hash = $id_hash
