-- Purpose: drops the defect facts of the touched objects
-- Params: none
-- Returns: nothing
DELETE FROM fact_defects WHERE object_key IN (SELECT object_key FROM facts_keys)
