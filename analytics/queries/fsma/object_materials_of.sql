-- Purpose: the material of each of the given stored objects (the ILMD lg:material of the latest event that received or made it)
-- Params: keys (JSON array of canonical object keys)
-- Returns: object_key, material
SELECT object_key, material
FROM object_materials()
WHERE object_key IN (SELECT unnest(from_json($keys, '["VARCHAR"]')))
