-- Purpose: marks a sent, overdue notice escalated (once)
-- Params: notice_id, at
-- Returns: nothing
UPDATE notices SET escalated_at = $at WHERE notice_id = $notice_id AND status = 'sent' AND escalated_at IS NULL
