-- Purpose: sets the answer to one question of a process audit (P6: at one step), replacing an earlier one
-- Params: audit_id, question_id, step ('' for none), score (or null: not evaluated), reason, answered_by, answered_at
-- Returns: (nothing)
INSERT OR REPLACE INTO vda63_answers (audit_id, question_id, step, score, reason, answered_by, answered_at)
VALUES ($audit_id, $question_id, $step, $score, $reason, $answered_by, $answered_at)
