-- Purpose: empties the refresh work table facts_object_facts
-- Params: none
-- Returns: nothing
DELETE FROM facts_object_facts
