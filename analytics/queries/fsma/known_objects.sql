-- Purpose: which of the given objects the event log already names, in any role (FSMA 204: whether a lot first appears in an event being captured)
-- Params: keys (JSON array of canonical object keys)
-- Returns: object_key
SELECT DISTINCT object_key
FROM event_objects
WHERE object_key IN (SELECT unnest(from_json($keys, '["VARCHAR"]')))
