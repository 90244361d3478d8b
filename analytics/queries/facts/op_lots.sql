-- Purpose: the input lots (ids as captured) of the new TransformationEvents, with the operation's step
-- Params: none
-- Returns: nothing
INSERT INTO fact_op_lots (op_seq, lot, object_key, step)
SELECT DISTINCT o.seq, o.object_id, o.object_key, e.step
FROM facts_new_objects o
JOIN facts_new_events e ON e.seq = o.seq
WHERE o.event_type = 'TransformationEvent' AND o.role = 'input' AND o.kind = 'lot'
ORDER BY e.step, o.seq
