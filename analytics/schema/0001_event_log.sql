-- The event log: every accepted event and master-data element, appended, never edited.
-- Neo4j and the analytic tables below are projections of it.
CREATE TABLE IF NOT EXISTS event_log (
  seq BIGINT NOT NULL,             -- position in the log, 1-based, gap-free
  event_id VARCHAR PRIMARY KEY,    -- eventID as captured, or the EPCIS event hash
  kind VARCHAR NOT NULL,           -- 'event' or 'masterdata'
  event_type VARCHAR,              -- ObjectEvent, ..., or the vocabulary type
  event_time TIMESTAMPTZ,
  record_time TIMESTAMPTZ NOT NULL,
  source VARCHAR NOT NULL,         -- where it came from: api, csv:<folder>, demo, file:<name>
  body JSON NOT NULL               -- the event as captured, with its document's @context
);

CREATE TABLE IF NOT EXISTS projection_state (
  name VARCHAR PRIMARY KEY,
  seq BIGINT NOT NULL
);

-- Analytic projection, written in the same transaction as the log.
CREATE TABLE IF NOT EXISTS events (
  seq BIGINT NOT NULL,
  event_id VARCHAR NOT NULL,
  event_type VARCHAR NOT NULL,
  action VARCHAR,
  biz_step VARCHAR,
  disposition VARCHAR,
  event_time TIMESTAMPTZ NOT NULL,
  read_point VARCHAR,
  biz_location VARCHAR,
  step VARCHAR,
  equipment VARCHAR,
  operator VARCHAR,
  work_order VARCHAR,
  operation_id VARCHAR,
  shipment_id VARCHAR,
  source_party VARCHAR,
  destination_party VARCHAR
);

CREATE TABLE IF NOT EXISTS event_objects (
  event_id VARCHAR NOT NULL,
  role VARCHAR NOT NULL,           -- object, input, output, parent, child
  object_id VARCHAR NOT NULL,      -- as captured
  object_key VARCHAR NOT NULL,     -- canonical key (EPC URI and Digital Link agree)
  kind VARCHAR NOT NULL,           -- lot, unit, container
  quantity DOUBLE,
  uom VARCHAR
);

CREATE TABLE IF NOT EXISTS sensor_readings (
  event_id VARCHAR NOT NULL,
  operation_id VARCHAR,
  parameter VARCHAR NOT NULL,
  measurement_type VARCHAR,
  value DOUBLE,
  string_value VARCHAR,
  uom VARCHAR,
  reading_time TIMESTAMPTZ
);

CREATE TABLE IF NOT EXISTS inspections (
  event_id VARCHAR NOT NULL,
  object_key VARCHAR NOT NULL,
  object_id VARCHAR NOT NULL,
  inspection_kind VARCHAR,
  result VARCHAR,
  sample_size DOUBLE,
  defective_quantity DOUBLE,
  inspected_at TIMESTAMPTZ NOT NULL,
  step VARCHAR,
  equipment VARCHAR
);

CREATE TABLE IF NOT EXISTS defects (
  event_id VARCHAR NOT NULL,
  object_key VARCHAR NOT NULL,
  code VARCHAR NOT NULL,
  quantity DOUBLE,
  severity VARCHAR
);

CREATE TABLE IF NOT EXISTS master_data (
  seq BIGINT NOT NULL,
  vocabulary_type VARCHAR NOT NULL,
  id VARCHAR NOT NULL,
  attributes JSON NOT NULL
);

-- Ids of an incoming batch, to find duplicates with one join (emptied in each write transaction).
CREATE TABLE IF NOT EXISTS ingest_staging (
  event_id VARCHAR NOT NULL
);
