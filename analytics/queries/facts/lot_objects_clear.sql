-- Purpose: drops every input lot's object facts when everything is recomputed
-- Params: after (the facts' position; 0 rebuilds everything)
-- Returns: nothing
DELETE FROM fact_lot_objects WHERE $after = 0
