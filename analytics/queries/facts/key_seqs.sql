-- Purpose: the log positions of the events that name the touched objects, any of them up to a limit (a refresh lists their events by position when they are fewer; no ORDER BY, which made DuckDB read every row of event_objects)
-- Params: limit
-- Returns: seq
SELECT DISTINCT seq FROM event_objects WHERE object_key IN (SELECT object_key FROM facts_keys) LIMIT $limit
