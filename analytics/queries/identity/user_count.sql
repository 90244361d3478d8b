-- Purpose: how many users exist (demo users are created only into an empty table)
-- Params: none
-- Returns: n
SELECT count(*) AS n FROM users
