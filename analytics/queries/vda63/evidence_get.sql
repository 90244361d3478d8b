-- Purpose: one evidence item of a process audit with its snapshot
-- Params: audit_id, evidence_id
-- Returns: evidence_id, question_id, step, kind, ref (JSON text), label, note, snapshot (JSON text), sha256, linked_by, linked_at, removed_by, removed_at, removed_reason
SELECT evidence_id, question_id, step, kind, ref::VARCHAR AS ref, label, note, snapshot::VARCHAR AS snapshot,
       sha256, linked_by, linked_at, removed_by, removed_at, removed_reason
FROM vda63_evidence
WHERE audit_id = $audit_id AND evidence_id = $evidence_id
