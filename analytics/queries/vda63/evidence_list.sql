-- Purpose: the evidence linked to a process audit's questions, without snapshots, in the order linked
-- Params: audit_id, with_removed (true: unlinked ones too)
-- Returns: evidence_id, question_id, step, kind, ref (JSON text), label, note, sha256, linked_by, linked_at, removed_by, removed_at, removed_reason
SELECT evidence_id, question_id, step, kind, ref::VARCHAR AS ref, label, note, sha256, linked_by, linked_at,
       removed_by, removed_at, removed_reason
FROM vda63_evidence
WHERE audit_id = $audit_id AND ($with_removed OR removed_at IS NULL)
ORDER BY linked_at, evidence_id
