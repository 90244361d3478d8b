-- Purpose: notices, newest batch first, filtered; without their content (a list, a CSV)
-- Params: supplier_id (or null: every notice; else only that supplier's sent supplier notices), status, kind, batch_id, party_id (each or null: any)
-- Returns: notice_id, batch_id, kind, party_id, party_name, title, root (JSON text), status, raised_by, raised_at, sent_at, due_at, eightd_case, escalated_at, answered_at, answer (JSON text), closed_at
SELECT
  notice_id, batch_id, kind, party_id, party_name, title, CAST(root AS VARCHAR) AS root, status,
  raised_by, raised_at, sent_at, due_at, eightd_case, escalated_at, answered_at,
  CAST(answer AS VARCHAR) AS answer, closed_at
FROM notices
WHERE ($supplier_id IS NULL OR (kind = 'supplier' AND party_id = $supplier_id AND status <> 'draft'))
  AND ($status IS NULL OR status = $status)
  AND ($kind IS NULL OR kind = $kind)
  AND ($batch_id IS NULL OR batch_id = $batch_id)
  AND ($party_id IS NULL OR party_id = $party_id)
ORDER BY year DESC, seq DESC, kind DESC, notice_id
LIMIT 5000
