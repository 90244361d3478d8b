-- Purpose: empties the refresh work table facts_new_objects
-- Params: none
-- Returns: nothing
DELETE FROM facts_new_objects
