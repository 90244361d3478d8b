-- Purpose: the suppliers lots were received from, with their names (for pickers and the supplier portal)
-- Params: supplier (one supplier id, or null: all)
-- Returns: id, name (null when master data gives none)
WITH names AS (
  SELECT id, arg_max(json_extract_string(attributes, '$."lg:name"'), seq) AS name
  FROM master_data
  GROUP BY id
),
s AS (
  SELECT DISTINCT supplier AS id FROM lot_receipts() WHERE $supplier IS NULL OR supplier = $supplier
)
SELECT s.id, n.name
FROM s
LEFT JOIN names n ON n.id = s.id
ORDER BY coalesce(n.name, s.id), s.id
