-- Purpose: the traceability lots of a product: every lot and serialized unit whose receiving or making event names the material (ILMD lg:material)
-- Params: material (material identifier)
-- Returns: key (canonical key), object_id (as first captured), kind (lot or unit)
SELECT o.object_key AS key, arg_min(o.object_id, l.seq) AS object_id, any_value(o.kind) AS kind
FROM event_objects o
JOIN event_log l ON l.seq = o.seq
WHERE o.role IN ('object', 'output') AND o.kind IN ('lot', 'unit')
  AND json_extract_string(l.body, '$.ilmd."lg:material"') = $material
GROUP BY o.object_key
ORDER BY o.object_key
