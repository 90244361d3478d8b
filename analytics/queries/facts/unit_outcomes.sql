-- Purpose: the first-pass outcome of the touched units for every step and kind
-- Params: none
-- Returns: nothing
INSERT INTO fact_unit_outcomes
SELECT f.inspection_kind, p.step, p.seq, p.object_key, p.object_id, hash(p.object_key), f.failed
FROM facts_key_objects p
JOIN facts_key_first_inspections() f ON f.object_key = p.object_key
WHERE p.role = 'output' AND p.kind = 'unit' AND p.event_type = 'TransformationEvent' AND p.step IS NOT NULL
ORDER BY f.inspection_kind, p.step, hash(p.object_key), p.object_key
