-- Purpose: stages every inspection row of the touched objects
-- Params: none
-- Returns: nothing
INSERT INTO facts_key_inspections
SELECT * FROM inspections WHERE object_key IN (SELECT object_key FROM facts_keys)
