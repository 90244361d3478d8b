-- Purpose: which ids of the staged incoming batch are already in the event log
-- Params: none (reads ingest_staging)
-- Returns: event_id
SELECT DISTINCT s.event_id FROM ingest_staging s JOIN event_log l ON l.event_id = s.event_id
