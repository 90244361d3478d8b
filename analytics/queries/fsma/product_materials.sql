-- Purpose: the products an FSMA 204 spreadsheet can be asked for: every material a lot or serialized unit was received or made as (ILMD lg:material), with its name, whether it is on the Food Traceability List, and how many traceability lots it has
-- Params: none
-- Returns: id (material identifier), name (latest master-data name, or null), ftl (boolean), lots (count)
WITH made AS (
  SELECT json_extract_string(l.body, '$.ilmd."lg:material"') AS material, o.object_key
  FROM event_objects o
  JOIN event_log l ON l.seq = o.seq
  WHERE o.role IN ('object', 'output') AND o.kind IN ('lot', 'unit')
),
classes AS (
  SELECT
    id,
    arg_max(
      coalesce(json_extract_string(attributes, '$."lg:name"'), json_extract_string(attributes, '$."cbvmda:name"')),
      seq
    ) AS name,
    -- the latest lg:ftl, as fsma/ftl_materials reads it
    lower(CAST(arg_max(json_extract(attributes, '$."lg:ftl"'), seq) AS VARCHAR)) IN ('true', '"true"', '"yes"') AS ftl
  FROM master_data
  WHERE vocabulary_type = 'urn:epcglobal:epcis:vtype:EPCClass'
  GROUP BY id
)
SELECT m.material AS id, c.name, coalesce(c.ftl, false) AS ftl, count(DISTINCT m.object_key) AS lots
FROM made m
LEFT JOIN classes c ON c.id = m.material
WHERE m.material IS NOT NULL
GROUP BY m.material, c.name, c.ftl
ORDER BY coalesce(c.name, m.material), m.material
