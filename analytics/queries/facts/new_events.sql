-- Purpose: stages the events after the facts' position (a refresh's input)
-- Params: after (the facts' position; 0 rebuilds everything)
-- Returns: nothing
INSERT INTO facts_new_events (event_id, seq, event_type, step)
SELECT event_id, seq, event_type, step FROM events WHERE seq > $after
