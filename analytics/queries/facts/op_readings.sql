-- Purpose: the numeric readings of the new TransformationEvents
-- Params: none
-- Returns: nothing
INSERT INTO fact_op_readings
SELECT n.seq, r.parameter, r.value, r.uom
FROM sensor_readings r
JOIN facts_new_events n ON n.seq = r.seq
WHERE n.event_type = 'TransformationEvent' AND r.value IS NOT NULL
