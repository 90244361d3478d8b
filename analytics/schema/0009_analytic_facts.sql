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

-- The first inspection with a verdict of every kind, for the object keys a refresh recomputes.
CREATE OR REPLACE MACRO facts_key_first_inspections() AS TABLE
SELECT
  object_key,
  inspection_kind,
  arg_min(event_id, (inspected_at, event_id)) AS event_id,
  CAST(min(inspected_at) AS TIMESTAMP) AS inspected_at,
  arg_min(result, (inspected_at, event_id)) = 'fail' AS failed
FROM facts_key_inspections
WHERE inspection_kind IS NOT NULL AND result IN ('pass', 'fail')
GROUP BY object_key, inspection_kind;

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

-- The numeric readings of the operation that made each first-pass unit of a step, with their
-- equal-count bin (ntile over value, ties by unit, per parameter), counted per operation as pieces. An operation
-- whose units all fall in one bin is one piece (unit NULL, its units and fails); where a bin
-- boundary falls among an operation's units, each unit is a piece of its own. Units of one
-- value are ordered by key: operation by operation when their key ranges do not interleave
-- (the usual case: serials are issued per operation), else unit by unit over the whole value.
CREATE OR REPLACE MACRO yield_pieces(step_name, kind_name, parameter_name, bin_count) AS TABLE
WITH ops AS MATERIALIZED (
  SELECT r.parameter, r.value, r.uom, o.op_seq, o.units, o.fails, o.min_unit, o.max_unit
  FROM fact_op_outcomes o
  JOIN fact_op_readings r USING (op_seq)
  WHERE o.step = step_name AND o.inspection_kind = kind_name
    AND (parameter_name IS NULL OR r.parameter = parameter_name)
),
placed AS (
  SELECT
    parameter, value, n,
    sum(n) OVER (PARTITION BY parameter ORDER BY value) - n AS before,
    sum(n) OVER (PARTITION BY parameter) AS total
  FROM (SELECT parameter, value, sum(units)::BIGINT AS n FROM ops GROUP BY parameter, value)
),
located AS (
  SELECT
    o.*, p.before, p.total,
    ntile_of(p.before, p.total, bin_count) <> ntile_of(p.before + p.n - 1, p.total, bin_count) AS straddles,
    p.before + sum(o.units) OVER w - o.units AS op_before,
    lag(o.max_unit) OVER w AS prev_max
  FROM ops o
  JOIN placed p USING (parameter, value)
  WINDOW w AS (PARTITION BY o.parameter, o.value ORDER BY o.min_unit, o.op_seq ROWS UNBOUNDED PRECEDING)
),
-- values a bin boundary falls in: do their operations' unit keys interleave?
straddled AS (
  SELECT parameter, value, bool_and(prev_max IS NULL OR prev_max < min_unit) AS disjoint
  FROM located WHERE straddles
  GROUP BY parameter, value
),
classed AS (
  SELECT
    l.*, s.disjoint,
    CASE
      WHEN NOT l.straddles THEN ntile_of(l.before, l.total, bin_count)
      WHEN s.disjoint AND ntile_of(l.op_before, l.total, bin_count) = ntile_of(l.op_before + l.units - 1, l.total, bin_count)
        THEN ntile_of(l.op_before, l.total, bin_count)
    END AS whole_bin
  FROM located l
  LEFT JOIN straddled s USING (parameter, value)
),
split AS (SELECT * FROM classed WHERE whole_bin IS NULL),
unit_pieces AS (
  SELECT
    c.op_seq, c.parameter, c.uom, c.value, u.unit, u.failed, c.total,
    CASE
      WHEN c.disjoint THEN c.op_before + row_number() OVER (PARTITION BY c.op_seq, c.parameter, c.value ORDER BY u.unit) - 1
      ELSE c.before + row_number() OVER (PARTITION BY c.parameter, c.value ORDER BY u.unit) - 1
    END AS r0
  FROM split c
  JOIN fact_unit_outcomes u ON u.op_seq = c.op_seq AND u.step = step_name AND u.inspection_kind = kind_name
)
SELECT op_seq, parameter, uom, value, whole_bin AS bin, NULL::VARCHAR AS unit, units, fails
FROM classed WHERE whole_bin IS NOT NULL
UNION ALL
SELECT op_seq, parameter, uom, value, ntile_of(r0, total, bin_count), unit, 1, CASE WHEN failed THEN 1 ELSE 0 END
FROM unit_pieces;
