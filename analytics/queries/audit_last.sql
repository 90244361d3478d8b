-- Purpose: the newest audit entry's position and hash, to chain the next one after it
-- Params: none
-- Returns: seq, hash (no row for an empty trail)
SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1
