-- Purpose: drops the object facts of the touched objects
-- Params: none
-- Returns: nothing
DELETE FROM fact_objects WHERE object_key IN (SELECT object_key FROM facts_keys)
