-- Purpose: sent notices still unanswered after their due time that have not escalated yet, oldest due first
-- Params: now (ISO 8601 UTC)
-- Returns: notice_id, kind, party_id, party_name, title, due_at
SELECT notice_id, kind, party_id, party_name, title, due_at
FROM notices
WHERE status = 'sent' AND escalated_at IS NULL AND due_at IS NOT NULL AND due_at < $now
ORDER BY due_at, notice_id
