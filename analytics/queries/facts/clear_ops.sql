-- Purpose: empties the refresh work table facts_ops
-- Params: none
-- Returns: nothing
DELETE FROM facts_ops
