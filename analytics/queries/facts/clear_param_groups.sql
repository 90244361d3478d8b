-- Purpose: empties the refresh work table facts_param_groups
-- Params: none
-- Returns: nothing
DELETE FROM facts_param_groups
