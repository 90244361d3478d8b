-- Purpose: stages the objects of the staged new events
-- Params: none
-- Returns: nothing
INSERT INTO facts_new_objects
SELECT o.event_id, n.seq, n.event_type, o.role, o.object_id, o.object_key, o.kind, o.quantity, o.uom
FROM event_objects o
JOIN facts_new_events n ON n.seq = o.seq
