-- Purpose: the 8D case an instance belongs to
-- Params: instance_id
-- Returns: case_id
SELECT case_id FROM eightd_cases WHERE instance_id = $instance_id
