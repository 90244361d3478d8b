-- Purpose: marks notifications read for a user (already read ones keep their first mark)
-- Params: user_id, ids (JSON array of notification ids the user may see), read_at
-- Returns: nothing
INSERT OR IGNORE INTO notification_reads
SELECT unnest(from_json($ids, '["VARCHAR"]')) AS notification_id, $user_id AS user_id, $read_at AS read_at
