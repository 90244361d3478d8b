-- Purpose: records a sent notice's answer (acknowledged), once
-- Params: notice_id, answered_at, answer (JSON text)
-- Returns: nothing
UPDATE notices
SET status = 'acknowledged', answered_at = $answered_at, answer = CAST($answer AS JSON)
WHERE notice_id = $notice_id AND status = 'sent'
