-- Purpose: uses a link up (its acknowledgement was made), once
-- Params: token_hash, at
-- Returns: nothing
UPDATE notice_links SET used_at = $at WHERE token_hash = $token_hash AND used_at IS NULL AND revoked_at IS NULL
