-- Purpose: revokes a notice's links that are neither used nor revoked yet
-- Params: notice_id, at
-- Returns: nothing
UPDATE notice_links SET revoked_at = $at WHERE notice_id = $notice_id AND used_at IS NULL AND revoked_at IS NULL
