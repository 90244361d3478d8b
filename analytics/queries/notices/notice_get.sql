-- Purpose: one notice with what it names (content snapshot) and its answer
-- Params: notice_id
-- Returns: every column of notices, JSON columns as text
SELECT
  notice_id, batch_id, kind, party_id, party_name, title, reason,
  CAST(source AS VARCHAR) AS source, CAST(root AS VARCHAR) AS root, CAST(content AS VARCHAR) AS content,
  due_hours, status, raised_by, raised_at, sent_by, sent_at, due_at, eightd_case, escalated_at,
  answered_at, CAST(answer AS VARCHAR) AS answer, closed_by, closed_at, close_reason
FROM notices
WHERE notice_id = $notice_id
