-- Purpose: marks a draft notice sent, with its due time and (a supplier notice) its 8D case
-- Params: notice_id, sent_by, sent_at, due_at, eightd_case (or null)
-- Returns: nothing
UPDATE notices
SET status = 'sent', sent_by = $sent_by, sent_at = $sent_at, due_at = $due_at, eightd_case = $eightd_case
WHERE notice_id = $notice_id AND status = 'draft'
