-- Purpose: removes sessions past their absolute end or idle since before a time
-- Params: now, idle_before
-- Returns: nothing
DELETE FROM sessions WHERE expires_at <= $now OR last_seen_at < $idle_before
