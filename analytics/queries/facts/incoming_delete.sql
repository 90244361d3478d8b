-- Purpose: drops the incoming verdicts of the touched objects
-- Params: none
-- Returns: nothing
DELETE FROM fact_incoming WHERE lot IN (SELECT object_key FROM facts_keys)
