-- Purpose: empties the refresh work table facts_key_inspections
-- Params: none
-- Returns: nothing
DELETE FROM facts_key_inspections
