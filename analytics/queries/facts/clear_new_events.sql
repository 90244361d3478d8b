-- Purpose: empties the refresh work table facts_new_events
-- Params: none
-- Returns: nothing
DELETE FROM facts_new_events
