-- Purpose: stages the object keys the new events touch (their facts are recomputed)
-- Params: none
-- Returns: nothing
INSERT INTO facts_keys
SELECT DISTINCT object_key FROM facts_new_objects
