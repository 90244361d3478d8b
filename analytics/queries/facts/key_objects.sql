-- Purpose: stages every event row of the touched objects, with the event's step, line, equipment and time; given the positions of their events (when few), it reads just those events (a constant list of positions lets DuckDB skip the other row groups, where a join reads the position of every event)
-- Params: seqs (JSON array of the events' positions, or null: find them by the join)
-- Returns: nothing
INSERT INTO facts_key_objects
SELECT
  o.event_id, e.seq, e.event_type, CAST(e.event_time AS TIMESTAMP), e.step, coalesce(e.read_point, e.biz_location),
  e.equipment, o.role, o.object_id, o.object_key, o.kind
FROM event_objects o
JOIN events e ON e.seq = o.seq
WHERE o.object_key IN (SELECT object_key FROM facts_keys)
  AND ($seqs IS NULL OR e.seq IN (SELECT unnest(from_json($seqs, '["BIGINT"]'))))
