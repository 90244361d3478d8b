-- Purpose: moves a session's last-seen time (idle timeout)
-- Params: id_hash, last_seen_at
-- Returns: nothing
UPDATE sessions SET last_seen_at = $last_seen_at WHERE id_hash = $id_hash
