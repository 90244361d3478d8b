-- Purpose: every version of a form definition, newest first, without the definitions
-- Params: form_key
-- Returns: version, title, fields (count), created_by, created_at, note
SELECT
  version, title, CAST(json_array_length(definition -> '$.fields') AS INTEGER) AS fields,
  created_by, created_at, note
FROM form_definitions
WHERE form_key = $form_key
ORDER BY version DESC
