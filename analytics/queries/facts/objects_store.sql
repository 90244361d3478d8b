-- Purpose: stores the staged object facts of the touched objects
-- Params: none
-- Returns: nothing
INSERT INTO fact_objects SELECT * FROM facts_object_facts
