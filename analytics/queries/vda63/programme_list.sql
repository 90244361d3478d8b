-- Purpose: audit programmes, newest year first, with their audits counted by status
-- Params: (none)
-- Returns: programme_id, year, title, description, created_by, created_at, audits, planned, in_progress, completed
SELECT
  p.programme_id, p.year, p.title, p.description, p.created_by, p.created_at,
  count(a.audit_id) AS audits,
  count(a.audit_id) FILTER (WHERE a.status = 'planned') AS planned,
  count(a.audit_id) FILTER (WHERE a.status = 'in_progress') AS in_progress,
  count(a.audit_id) FILTER (WHERE a.status = 'completed') AS completed
FROM vda63_programmes p
LEFT JOIN vda63_audits a ON a.programme_id = p.programme_id
GROUP BY p.programme_id, p.year, p.seq, p.title, p.description, p.created_by, p.created_at
ORDER BY p.year DESC, p.seq DESC
