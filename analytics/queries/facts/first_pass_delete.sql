-- Purpose: drops the first-pass facts of the touched objects
-- Params: none
-- Returns: nothing
DELETE FROM fact_first_pass WHERE unit IN (SELECT object_key FROM facts_keys)
