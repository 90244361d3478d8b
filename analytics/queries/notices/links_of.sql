-- Purpose: the links issued for a notice, newest first (never their token or digest)
-- Params: notice_id
-- Returns: issued_by, issued_at, expires_at, used_at, revoked_at
SELECT issued_by, issued_at, expires_at, used_at, revoked_at
FROM notice_links
WHERE notice_id = $notice_id
ORDER BY issued_at DESC
