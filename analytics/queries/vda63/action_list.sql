-- Purpose: the actions raised from a process audit's findings, with their workflow state and open due time
-- Params: audit_id
-- Returns: action_id, question_id, step, score, action, owner_user, supplier_id, due_at, created_by, created_at, state, status, ended_at
SELECT
  c.action_id, c.question_id, c.step, c.score, c.action, c.owner_user, c.supplier_id, c.due_at,
  c.created_by, c.created_at, i.state, i.status, i.ended_at
FROM vda63_actions c
JOIN workflow_instances i ON i.instance_id = c.action_id
WHERE c.audit_id = $audit_id
ORDER BY c.created_at, c.action_id
