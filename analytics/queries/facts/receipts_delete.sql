-- Purpose: drops the receipt facts of the staged new events
-- Params: none
-- Returns: nothing
DELETE FROM fact_receipts WHERE event_id IN (SELECT event_id FROM facts_new_events)
