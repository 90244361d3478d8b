-- Purpose: drops the unit outcomes of the touched objects
-- Params: none
-- Returns: nothing
DELETE FROM fact_unit_outcomes WHERE unit IN (SELECT object_key FROM facts_keys)
