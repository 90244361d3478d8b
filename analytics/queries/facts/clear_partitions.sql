-- Purpose: empties the refresh work table facts_partitions
-- Params: none
-- Returns: nothing
DELETE FROM facts_partitions
