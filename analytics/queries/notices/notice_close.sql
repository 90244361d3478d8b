-- Purpose: closes a notice that is not closed yet, with who, when and why
-- Params: notice_id, closed_by, closed_at, close_reason
-- Returns: nothing
UPDATE notices
SET status = 'closed', closed_by = $closed_by, closed_at = $closed_at, close_reason = $close_reason
WHERE notice_id = $notice_id AND status <> 'closed'
