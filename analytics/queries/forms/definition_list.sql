-- Purpose: the latest version of every form definition, by key
-- Params: none
-- Returns: form_key, version, definition (JSON text), created_by, created_at, note, versions (count)
SELECT form_key, version, definition::VARCHAR AS definition, created_by, created_at, note, versions
FROM (
  SELECT *, count(*) OVER (PARTITION BY form_key) AS versions,
    row_number() OVER (PARTITION BY form_key ORDER BY version DESC) AS rn
  FROM form_definitions
)
WHERE rn = 1
ORDER BY form_key
