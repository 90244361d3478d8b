-- Purpose: drops the event materials of the events a refresh (re)reads
-- Params: after
-- Returns: nothing
DELETE FROM fact_event_materials WHERE seq > $after
