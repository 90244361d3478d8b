-- Purpose: a notice link by the digest of its token
-- Params: token_hash
-- Returns: notice_id, issued_at, expires_at, used_at, revoked_at
SELECT notice_id, issued_at, expires_at, used_at, revoked_at FROM notice_links WHERE token_hash = $token_hash
