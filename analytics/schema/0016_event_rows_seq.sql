-- Every row an event projects carries the event's position in the log (decision 048). The rows
-- are appended in log order, so a look-up by position reads only the row groups that hold it
-- (DuckDB's zone maps), where a look-up by event id needed an ART index of the full id in memory
-- (about 95 bytes per event and per inspection). The indexes on events.event_id and
-- inspections.event_id are dropped; the log's primary key on event_id stays (the duplicate check).
-- Each step is idempotent, so that a store upgraded by an interrupted start is finished by the next.
ALTER TABLE event_objects ADD COLUMN IF NOT EXISTS seq BIGINT;
ALTER TABLE sensor_readings ADD COLUMN IF NOT EXISTS seq BIGINT;
ALTER TABLE inspections ADD COLUMN IF NOT EXISTS seq BIGINT;
ALTER TABLE defects ADD COLUMN IF NOT EXISTS seq BIGINT;
ALTER TABLE facts_key_inspections ADD COLUMN IF NOT EXISTS seq BIGINT;

-- Rows stored before this column: their event's position (no row is left without one).
UPDATE event_objects o SET seq = e.seq FROM events e WHERE o.seq IS NULL AND e.event_id = o.event_id;
UPDATE sensor_readings r SET seq = e.seq FROM events e WHERE r.seq IS NULL AND e.event_id = r.event_id;
UPDATE inspections i SET seq = e.seq FROM events e WHERE i.seq IS NULL AND e.event_id = i.event_id;
UPDATE defects d SET seq = e.seq FROM events e WHERE d.seq IS NULL AND e.event_id = d.event_id;
DELETE FROM facts_key_inspections WHERE seq IS NULL;

DROP INDEX IF EXISTS events_event_id;
DROP INDEX IF EXISTS inspections_event_id;

-- The first inspection with a verdict of every kind, for the object keys a refresh recomputes.
CREATE OR REPLACE MACRO facts_key_first_inspections() AS TABLE
SELECT
  object_key,
  inspection_kind,
  arg_min(event_id, (inspected_at, event_id)) AS event_id,
  arg_min(seq, (inspected_at, event_id)) AS seq,
  CAST(min(inspected_at) AS TIMESTAMP) AS inspected_at,
  arg_min(result, (inspected_at, event_id)) = 'fail' AS failed
FROM facts_key_inspections
WHERE inspection_kind IS NOT NULL AND result IN ('pass', 'fail')
GROUP BY object_key, inspection_kind;
