-- Purpose: every defect of the touched objects with its inspection, kind, material and supplier
-- Params: none
-- Returns: nothing
INSERT INTO fact_defects
SELECT
  d.event_id, d.object_key, i.object_id, o.kind, d.code, coalesce(d.quantity, 1), CAST(i.inspected_at AS TIMESTAMP),
  i.step, i.equipment, o.material, o.supplier
FROM defects d
JOIN facts_key_inspections i ON i.event_id = d.event_id AND i.object_key = d.object_key
LEFT JOIN facts_object_facts o ON o.object_key = d.object_key
WHERE d.object_key IN (SELECT object_key FROM facts_keys)
