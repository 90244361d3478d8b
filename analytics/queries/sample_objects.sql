-- Purpose: a repeatable pseudo-random sample of captured object ids of one kind (benchmarks, drills)
-- Params: kind ('lot' | 'unit' | 'container'), seed (text), n
-- Returns: object_id
SELECT object_id
FROM (SELECT DISTINCT object_id FROM event_objects WHERE kind = $kind)
ORDER BY hash(object_id || $seed)
LIMIT $n
