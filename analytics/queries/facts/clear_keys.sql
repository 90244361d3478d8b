-- Purpose: empties the refresh work table facts_keys
-- Params: none
-- Returns: nothing
DELETE FROM facts_keys
