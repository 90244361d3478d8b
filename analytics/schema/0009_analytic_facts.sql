-- Analytic facts: narrow tables derived from the projection tables, one row per thing the
-- analytics count, so a scorecard, Pareto, chart or yield query reads thousands to a few million
-- narrow rows instead of joining the event tables and parsing logged JSON. analytics/facts.ts
-- brings them up to the log before an analytic reads them, recomputing only what the new events
-- touch (queries/facts/*.sql). The definitions the analytics share live here and in those
-- queries (docs/analytics.md "Shared definitions"); they replace the table macros 0003 and 0004
-- had, which are dropped below. Design: docs/decisions/022-analytic-facts.md; figures:
-- bench/README.md.

DROP MACRO TABLE IF EXISTS first_incoming_inspections;
DROP MACRO TABLE IF EXISTS defect_facts;
DROP MACRO TABLE IF EXISTS binned_readings;
DROP MACRO TABLE IF EXISTS first_pass_made;
DROP MACRO TABLE IF EXISTS first_pass_units;
DROP MACRO TABLE IF EXISTS first_inspections;

-- How far the facts have followed the log (one row).
CREATE TABLE IF NOT EXISTS facts_state (
  id INTEGER PRIMARY KEY,
  seq BIGINT NOT NULL
);
INSERT INTO facts_state SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM facts_state);

-- Work tables of one refresh, emptied at its start and end: the new events and their objects,
-- the object keys they touch with every row of those objects, and the operations whose
-- outcome counts change.
CREATE TABLE IF NOT EXISTS facts_new_events (event_id VARCHAR NOT NULL, seq BIGINT NOT NULL, event_type VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS facts_new_objects (
  event_id VARCHAR NOT NULL,
  seq BIGINT NOT NULL,
  event_type VARCHAR NOT NULL,
  role VARCHAR NOT NULL,
  object_id VARCHAR NOT NULL,
  object_key VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  quantity DOUBLE,
  uom VARCHAR
);
CREATE TABLE IF NOT EXISTS facts_keys (object_key VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS facts_key_objects (
  event_id VARCHAR NOT NULL,
  seq BIGINT NOT NULL,
  event_type VARCHAR NOT NULL,
  made_at TIMESTAMP NOT NULL,
  step VARCHAR,
  line VARCHAR,
  equipment VARCHAR,
  role VARCHAR NOT NULL,
  object_id VARCHAR NOT NULL,
  object_key VARCHAR NOT NULL,
  kind VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS facts_key_inspections (
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
CREATE TABLE IF NOT EXISTS facts_ops (op_seq BIGINT NOT NULL);

-- The ILMD lg:material of every event that states one, read from the log once.
CREATE TABLE IF NOT EXISTS fact_event_materials (
  event_id VARCHAR NOT NULL,
  seq BIGINT NOT NULL,
  material VARCHAR NOT NULL
);

-- lot_receipts() (0003): one row per lot in a receiving ObjectEvent ADD from a supplier.
CREATE TABLE IF NOT EXISTS fact_receipts (
  event_id VARCHAR NOT NULL,
  supplier VARCHAR NOT NULL,
  received_at TIMESTAMP NOT NULL,
  lot VARCHAR NOT NULL,
  object_id VARCHAR NOT NULL,
  quantity DOUBLE,
  uom VARCHAR,
  material VARCHAR
);

-- Per object key: its kind (pareto_items), material (object_materials(), 0003) and the supplier
-- of its latest receipt (fact_defects, yield_heatmap).
CREATE TABLE IF NOT EXISTS fact_objects (
  object_key VARCHAR NOT NULL,
  kind VARCHAR,
  material VARCHAR,
  supplier VARCHAR
);

-- The first incoming inspection with a verdict (pass or fail) of every lot, ties by event id:
-- re-inspections after sorting or rework do not change it. Defective: lg:defectiveQuantity, else
-- the sum of its defect quantities (1 where unstated); defects summed by severity.
CREATE TABLE IF NOT EXISTS fact_incoming (
  event_id VARCHAR NOT NULL,
  lot VARCHAR NOT NULL,
  inspected_at TIMESTAMP NOT NULL,
  result VARCHAR NOT NULL,
  sample_size DOUBLE,
  defective DOUBLE NOT NULL,
  minor DOUBLE NOT NULL,
  major DOUBLE NOT NULL,
  critical DOUBLE NOT NULL
);

-- Every defect found (quantity 1 where unstated) with its inspection (time, step, equipment), its
-- object, the object's material and the supplier of its latest receipt: the Pareto dimensions.
CREATE TABLE IF NOT EXISTS fact_defects (
  event_id VARCHAR NOT NULL,
  object_key VARCHAR NOT NULL,
  object_id VARCHAR NOT NULL,
  kind VARCHAR,
  code VARCHAR NOT NULL,
  quantity DOUBLE NOT NULL,
  inspected_at TIMESTAMP NOT NULL,
  step VARCHAR,
  equipment VARCHAR,
  material VARCHAR,
  supplier VARCHAR
);

-- Every unit a TransformationEvent made, at its first inspection of each kind with a verdict
-- (ties by event id; a retest after rework never hides the first failure), with the operation
-- that made it for that inspection: the last maker at or before the inspection (a rework after
-- it does not count), or the first maker when all are later (clocks apart); the operation's step,
-- line (read point, else business location) and equipment. defects: those found at that first
-- inspection on the unit, each divided by the objects the inspection event judged (u-chart).
CREATE TABLE IF NOT EXISTS fact_first_pass (
  inspection_kind VARCHAR NOT NULL,
  unit VARCHAR NOT NULL,
  event_id VARCHAR NOT NULL,
  inspected_at TIMESTAMP NOT NULL,
  failed BOOLEAN NOT NULL,
  op_event_id VARCHAR NOT NULL,
  step VARCHAR,
  line VARCHAR,
  equipment VARCHAR,
  defects DOUBLE
);

-- For every step and kind: each unit in the output EPC list of a TransformationEvent of the step,
-- with its first-pass outcome (its first inspection of the kind, as above); op_seq is the
-- operation's log position, unit_hash hash(unit).
CREATE TABLE IF NOT EXISTS fact_unit_outcomes (
  inspection_kind VARCHAR NOT NULL,
  step VARCHAR NOT NULL,
  op_seq BIGINT NOT NULL,
  unit VARCHAR NOT NULL,
  unit_id VARCHAR NOT NULL,
  unit_hash UBIGINT NOT NULL,
  failed BOOLEAN NOT NULL
);

-- The same per operation: units judged, first-pass failures, and the smallest and largest unit
-- key (when no other operation's units fall between them, its units are contiguous in key order).
CREATE TABLE IF NOT EXISTS fact_op_outcomes (
  inspection_kind VARCHAR NOT NULL,
  step VARCHAR NOT NULL,
  op_seq BIGINT NOT NULL,
  units BIGINT NOT NULL,
  fails BIGINT NOT NULL,
  min_unit VARCHAR NOT NULL,
  max_unit VARCHAR NOT NULL
);

-- The numeric readings and the input lots (ids as captured) of every TransformationEvent.
CREATE TABLE IF NOT EXISTS fact_op_readings (
  op_seq BIGINT NOT NULL,
  parameter VARCHAR NOT NULL,
  value DOUBLE NOT NULL,
  uom VARCHAR
);
CREATE TABLE IF NOT EXISTS fact_op_lots (
  op_seq BIGINT NOT NULL,
  lot VARCHAR NOT NULL,
  object_key VARCHAR NOT NULL
);

-- facts_key_first_inspections(): in 0016 (it reads the event's position, added there).

-- ntile(bins) of the 0-based position r0 in a partition of `total` rows, as DuckDB's ntile
-- computes it: the first (total mod bins) bins hold one row more.
CREATE OR REPLACE MACRO ntile_of(r0, total, bins) AS
  CASE
    WHEN r0 < (total - least(bins, total) * (total // least(bins, total))) * (total // least(bins, total) + 1)
    THEN 1 + r0 // (total // least(bins, total) + 1)
    ELSE 1 + (total - least(bins, total) * (total // least(bins, total)))
      + (r0 - (total - least(bins, total) * (total // least(bins, total))) * (total // least(bins, total) + 1))
        // (total // least(bins, total))
  END;

-- yield_pieces(step, kind, parameter, bins), the equal-count bins of a step's readings: 0013.
