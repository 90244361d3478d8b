-- Purpose: stages the kind, material (object_materials()) and latest supplier of each touched object
-- Params: none
-- Returns: nothing
INSERT INTO facts_object_facts
WITH materials AS (
  SELECT o.object_key, arg_max(m.material, m.seq) AS material
  FROM facts_key_objects o
  JOIN fact_event_materials m ON m.seq = o.seq -- by position (the same event): stored in log order
  WHERE o.role IN ('object', 'output')
  GROUP BY o.object_key
),
suppliers AS (
  SELECT lot AS object_key, arg_max(supplier, received_at) AS supplier
  FROM fact_receipts
  WHERE lot IN (SELECT object_key FROM facts_keys)
  GROUP BY lot
)
SELECT k.object_key, k.kind, m.material, s.supplier
FROM (SELECT object_key, any_value(kind) AS kind FROM facts_key_objects GROUP BY object_key) k
LEFT JOIN materials m USING (object_key)
LEFT JOIN suppliers s USING (object_key)
