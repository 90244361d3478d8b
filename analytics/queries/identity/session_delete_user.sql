-- Purpose: ends every session of a user (disabled, role or password changed)
-- Params: user_id
-- Returns: nothing
DELETE FROM sessions WHERE user_id = $user_id
