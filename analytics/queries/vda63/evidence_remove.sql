-- Purpose: unlinks an evidence item (the row and its snapshot stay, marked)
-- Params: evidence_id, removed_by, removed_at, removed_reason
-- Returns: (nothing)
UPDATE vda63_evidence
SET removed_by = $removed_by, removed_at = $removed_at, removed_reason = $removed_reason
WHERE evidence_id = $evidence_id AND removed_at IS NULL
