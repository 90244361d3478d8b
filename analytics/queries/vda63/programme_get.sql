-- Purpose: one audit programme
-- Params: programme_id
-- Returns: programme_id, year, title, description, created_by, created_at
SELECT programme_id, year, title, description, created_by, created_at
FROM vda63_programmes
WHERE programme_id = $programme_id
