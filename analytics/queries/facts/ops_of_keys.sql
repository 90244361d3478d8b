-- Purpose: stages the operations whose units' outcomes a refresh recomputes: every operation that made a touched unit (the log only grows, so they include the makers of the facts it drops)
-- Params: none
-- Returns: nothing
INSERT INTO facts_ops
SELECT DISTINCT seq
FROM facts_key_objects
WHERE role = 'output' AND kind = 'unit' AND event_type = 'TransformationEvent' AND step IS NOT NULL
