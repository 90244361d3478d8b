-- Purpose: the input lots (ids as captured) of the new TransformationEvents
-- Params: none
-- Returns: nothing
INSERT INTO fact_op_lots
SELECT DISTINCT seq, object_id, object_key
FROM facts_new_objects
WHERE event_type = 'TransformationEvent' AND role = 'input' AND kind = 'lot'
