-- Purpose: the current answers of a process audit
-- Params: audit_id
-- Returns: question_id, step, score, reason, answered_by, answered_at
SELECT question_id, step, score, reason, answered_by, answered_at
FROM vda63_answers
WHERE audit_id = $audit_id
ORDER BY question_id, step
