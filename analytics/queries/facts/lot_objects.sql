-- Purpose: the object facts of the touched objects that an operation took in as a lot (before, or in the new events)
-- Params: none
-- Returns: nothing
INSERT OR REPLACE INTO fact_lot_objects
SELECT object_key, material, supplier
FROM facts_object_facts
WHERE object_key IN (SELECT l.object_key FROM fact_lot_objects l JOIN facts_keys k USING (object_key))
  OR object_key IN (
    SELECT object_key FROM facts_new_objects
    WHERE event_type = 'TransformationEvent' AND role = 'input' AND kind = 'lot'
  )
