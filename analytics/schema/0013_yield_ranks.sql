-- Analytic facts laid out for the yield analytics at volume (decision 026): each operation's
-- first-pass failures by position, each reading's place in the equal-count order of its step's
-- units (so bins of any count are arithmetic on a few rows per operation), input lots by step,
-- and the facts stored in the order the analytics filter and sample them. The definitions of
-- 0009 are unchanged. A store whose facts were computed with the earlier layout has them
-- recomputed from the projection tables on its next read.

CREATE TABLE IF NOT EXISTS facts_layout (
  id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL
);

-- Positions (0-based, in unit key order) of an operation's units whose first pass failed.
ALTER TABLE fact_op_outcomes ADD COLUMN IF NOT EXISTS fail_at INTEGER[];
-- The step of the operation that took the lot in (yield cells and heatmap read one step).
ALTER TABLE fact_op_lots ADD COLUMN IF NOT EXISTS step VARCHAR;
ALTER TABLE facts_new_events ADD COLUMN IF NOT EXISTS step VARCHAR;

-- Every numeric reading of an operation whose units a kind judges (fact_op_outcomes x
-- fact_op_readings), placed in the order the equal-count bins follow: all units of the step with
-- a reading of the parameter, by value, then unit key. in_value: the units of the same value
-- before this reading's first unit (exact when the value is disjoint); disjoint: the unit key
-- ranges of the value's operations do not interleave, so each one's units are consecutive in that
-- order; repeated: the operation has more than one reading of the parameter. Recomputed per value
-- whose operations' outcomes change.
CREATE TABLE IF NOT EXISTS fact_param_ranks (
  inspection_kind VARCHAR NOT NULL,
  step VARCHAR NOT NULL,
  parameter VARCHAR NOT NULL,
  value DOUBLE NOT NULL,
  uom VARCHAR,
  op_seq BIGINT NOT NULL,
  units BIGINT NOT NULL,
  fails BIGINT NOT NULL,
  in_value BIGINT NOT NULL,
  disjoint BOOLEAN NOT NULL,
  repeated BOOLEAN NOT NULL
);
-- Per value of those readings: its units, the units of the smaller values (value_rank) and of
-- the parameter (total). A reading's first unit stands at value_rank + in_value.
CREATE TABLE IF NOT EXISTS fact_param_values (
  inspection_kind VARCHAR NOT NULL,
  step VARCHAR NOT NULL,
  parameter VARCHAR NOT NULL,
  value DOUBLE NOT NULL,
  value_units BIGINT NOT NULL,
  value_rank BIGINT NOT NULL,
  total BIGINT NOT NULL
);
-- Refresh work table: the values (of a step, kind and parameter) whose readings are placed again.
CREATE TABLE IF NOT EXISTS facts_param_groups (
  inspection_kind VARCHAR NOT NULL,
  step VARCHAR NOT NULL,
  parameter VARCHAR NOT NULL,
  value DOUBLE NOT NULL
);

-- fact_objects of every object an operation took in as a lot: a few thousand rows the yield
-- heatmap looks its lots up in, instead of millions of units (text keys have no useful zone maps).
CREATE TABLE IF NOT EXISTS fact_lot_objects (
  object_key VARCHAR PRIMARY KEY,
  material VARCHAR,
  supplier VARCHAR
);
-- Refresh work table: the touched objects' fact_objects rows, stored and reused (defects, lots).
CREATE TABLE IF NOT EXISTS facts_object_facts (
  object_key VARCHAR NOT NULL,
  kind VARCHAR,
  material VARCHAR,
  supplier VARCHAR
);

-- Facts of the earlier layout lack the columns above: drop them all and recompute from the log's
-- projection on the next read (analytics/facts.ts recomputes everything from position 0).
DELETE FROM fact_event_materials WHERE (SELECT coalesce(max(version), 0) FROM facts_layout) < 13;
DELETE FROM fact_receipts WHERE (SELECT coalesce(max(version), 0) FROM facts_layout) < 13;
DELETE FROM fact_objects WHERE (SELECT coalesce(max(version), 0) FROM facts_layout) < 13;
DELETE FROM fact_incoming WHERE (SELECT coalesce(max(version), 0) FROM facts_layout) < 13;
DELETE FROM fact_defects WHERE (SELECT coalesce(max(version), 0) FROM facts_layout) < 13;
DELETE FROM fact_first_pass WHERE (SELECT coalesce(max(version), 0) FROM facts_layout) < 13;
DELETE FROM fact_unit_outcomes WHERE (SELECT coalesce(max(version), 0) FROM facts_layout) < 13;
DELETE FROM fact_op_outcomes WHERE (SELECT coalesce(max(version), 0) FROM facts_layout) < 13;
DELETE FROM fact_op_readings WHERE (SELECT coalesce(max(version), 0) FROM facts_layout) < 13;
DELETE FROM fact_op_lots WHERE (SELECT coalesce(max(version), 0) FROM facts_layout) < 13;
DELETE FROM fact_param_ranks WHERE (SELECT coalesce(max(version), 0) FROM facts_layout) < 13;
DELETE FROM fact_param_values WHERE (SELECT coalesce(max(version), 0) FROM facts_layout) < 13;
DELETE FROM fact_lot_objects WHERE (SELECT coalesce(max(version), 0) FROM facts_layout) < 13;
UPDATE facts_state SET seq = 0 WHERE (SELECT coalesce(max(version), 0) FROM facts_layout) < 13;
INSERT OR REPLACE INTO facts_layout VALUES (1, 13);

-- The refresh looks up every row of the objects the new events touch (and their events and
-- inspections) among millions: with an index, DuckDB turns the lookup of a small staged key set
-- into index scans (a join's keys pushed down) instead of reading whole tables. (After the reset
-- above, so an upgraded store indexes empty fact tables.) The indexes on events.event_id and
-- inspections.event_id once made here are replaced by the event's position on every event row
-- (0016, decision 048).
CREATE INDEX IF NOT EXISTS event_objects_object_key ON event_objects (object_key);
CREATE INDEX IF NOT EXISTS inspections_object_key ON inspections (object_key);
CREATE INDEX IF NOT EXISTS defects_object_key ON defects (object_key);
CREATE INDEX IF NOT EXISTS fact_objects_object_key ON fact_objects (object_key);
CREATE INDEX IF NOT EXISTS fact_first_pass_unit ON fact_first_pass (unit);
CREATE INDEX IF NOT EXISTS fact_unit_outcomes_unit ON fact_unit_outcomes (unit);
CREATE INDEX IF NOT EXISTS fact_unit_outcomes_op_seq ON fact_unit_outcomes (op_seq);
CREATE INDEX IF NOT EXISTS fact_op_outcomes_op_seq ON fact_op_outcomes (op_seq);

-- The first 0-based position of bin k of ntile(bins) over `total` rows (ntile_of's inverse): the
-- first (total mod bins) bins hold one row more. Bin bins + 1 starts at total.
CREATE OR REPLACE MACRO ntile_start(k, total, bins) AS
  CASE
    WHEN k - 1 <= total - least(bins, total) * (total // least(bins, total))
    THEN (k - 1) * (total // least(bins, total) + 1)
    ELSE (total - least(bins, total) * (total // least(bins, total))) * (total // least(bins, total) + 1)
      + (k - 1 - (total - least(bins, total) * (total // least(bins, total)))) * (total // least(bins, total))
  END;

-- ntile_of(r0, total, bins) with its parts worked out once per parameter: q = total // bins (rows
-- per bin), big = the bins that hold q + 1, cutoff = the rows of those (bins: at most total).
CREATE OR REPLACE MACRO ntile_at(r0, q, cutoff, big) AS
  CASE WHEN r0 < cutoff THEN 1 + r0 // (q + 1) ELSE 1 + big + (r0 - cutoff) // q END;

-- Each value's first and last equal-count bin (ntile over value, ties by unit key, per parameter)
-- among the readings of a step's operations: a value whose first and last bin are the same lies
-- inside one bin with all its readings.
CREATE OR REPLACE MACRO yield_value_bins(step_name, kind_name, parameter_name, bin_count) AS TABLE
SELECT
  *,
  ntile_at(value_rank, q, cutoff, big) AS fb,
  ntile_at(value_rank + value_units - 1, q, cutoff, big) AS lb
FROM (
  SELECT
    parameter, value, value_rank, value_units, total,
    total // least(bin_count, total) AS q,
    total - least(bin_count, total) * (total // least(bin_count, total)) AS big,
    (total - least(bin_count, total) * (total // least(bin_count, total))) * (total // least(bin_count, total) + 1) AS cutoff
  FROM fact_param_values
  WHERE step = step_name AND inspection_kind = kind_name
    AND (parameter_name IS NULL OR parameter = parameter_name)
);

-- The readings at values a bin boundary falls in (first bin <> last bin), with the bins of their
-- first and last unit (lo, hi) in the equal-count order: only these need their own place.
CREATE OR REPLACE MACRO yield_boundary_readings(step_name, kind_name, parameter_name, bin_count) AS TABLE
SELECT
  r.op_seq, r.parameter, r.value, r.uom, r.units, r.fails, r.in_value, r.disjoint, r.repeated,
  v.value_rank, v.value_units, v.total,
  ntile_at(v.value_rank + r.in_value, v.q, v.cutoff, v.big) AS lo,
  ntile_at(v.value_rank + r.in_value + r.units - 1, v.q, v.cutoff, v.big) AS hi
FROM fact_param_ranks r
JOIN yield_value_bins(step_name, kind_name, parameter_name, bin_count) v
  ON v.parameter = r.parameter AND v.value = r.value
WHERE r.step = step_name AND r.inspection_kind = kind_name
  AND (parameter_name IS NULL OR r.parameter = parameter_name)
  AND v.fb <> v.lb;

-- The readings whose units all fall in one bin, as one piece each: those at a value inside one bin
-- (found by value alone), and those at a boundary's value the boundary does not fall among (where
-- the value's operations' unit keys do not interleave).
CREATE OR REPLACE MACRO yield_whole_pieces(step_name, kind_name, parameter_name, bin_count) AS TABLE
SELECT r.op_seq, r.parameter, r.uom, r.value, v.fb AS bin, r.repeated, r.units AS n, r.fails
FROM fact_param_ranks r
JOIN yield_value_bins(step_name, kind_name, parameter_name, bin_count) v
  ON v.parameter = r.parameter AND v.value = r.value
WHERE r.step = step_name AND r.inspection_kind = kind_name
  AND (parameter_name IS NULL OR r.parameter = parameter_name)
  AND v.fb = v.lb
UNION ALL
SELECT op_seq, parameter, uom, value, lo, repeated, units, fails
FROM yield_boundary_readings(step_name, kind_name, parameter_name, bin_count)
WHERE disjoint AND lo = hi;

-- The pieces (as yield_pieces) of the readings a bin boundary falls among: where it falls among a
-- reading's units, one piece per bin, each the units first_i .. first_i + n - 1 of the operation in
-- unit key order, its failures counted from the operation's fail_at; where the value's operations'
-- unit keys interleave and a boundary falls in the value, its readings placed unit by unit. A few
-- readings per boundary.
CREATE OR REPLACE MACRO yield_split_pieces(step_name, kind_name, parameter_name, bin_count) AS TABLE
WITH m AS MATERIALIZED (
  SELECT *, value_rank + in_value AS rank
  FROM yield_boundary_readings(step_name, kind_name, parameter_name, bin_count)
  WHERE NOT disjoint OR lo <> hi
),
cut AS (
  SELECT
    s.op_seq, s.parameter, s.uom, s.value, s.repeated, s.bin, r.fail_at,
    greatest(s.rank, ntile_start(s.bin, s.total, bin_count)) - s.rank AS first_i,
    least(s.rank + s.units, ntile_start(s.bin + 1, s.total, bin_count)) - greatest(s.rank, ntile_start(s.bin, s.total, bin_count)) AS n
  FROM (SELECT *, unnest(range(lo, hi + 1)) AS bin FROM m WHERE disjoint) s
  JOIN fact_op_outcomes r
    ON r.step = step_name AND r.inspection_kind = kind_name AND r.op_seq = s.op_seq
),
mixed AS (
  SELECT
    m.op_seq, m.parameter, m.uom, m.value, m.repeated, m.total, m.dup, u.failed,
    m.value_rank + row_number() OVER (PARTITION BY m.parameter, m.value ORDER BY u.unit, m.dup) - 1 AS r0,
    row_number() OVER (PARTITION BY m.op_seq, m.parameter, m.value, m.dup ORDER BY u.unit) - 1 AS i
  FROM (
    SELECT *, row_number() OVER (PARTITION BY op_seq, parameter, value ORDER BY uom) AS dup
    FROM m
    WHERE NOT disjoint
  ) m
  JOIN fact_unit_outcomes u ON u.op_seq = m.op_seq AND u.step = step_name AND u.inspection_kind = kind_name
)
SELECT op_seq, parameter, uom, value, bin, true AS split, repeated, first_i, n,
  len(list_filter(fail_at, x -> x >= first_i AND x < first_i + n)) AS fails
FROM cut
UNION ALL
SELECT op_seq, parameter, uom, value, ntile_of(r0, total, bin_count), true, repeated,
  min(i)::BIGINT, count(*)::BIGINT, count(*) FILTER (WHERE failed)::BIGINT
FROM mixed
GROUP BY op_seq, parameter, uom, value, repeated, dup, ntile_of(r0, total, bin_count);

-- The readings of a step's operations with their equal-count bin (ntile over value, ties by unit
-- key, per parameter), as pieces: a reading whose units all fall in one bin is one piece (first_i 0,
-- n its units: yield_whole_pieces); the readings a boundary falls among as yield_split_pieces
-- places them (split). repeated: as in fact_param_ranks.
CREATE OR REPLACE MACRO yield_pieces(step_name, kind_name, parameter_name, bin_count) AS TABLE
SELECT op_seq, parameter, uom, value, bin, false AS split, repeated, 0::BIGINT AS first_i, n, fails
FROM yield_whole_pieces(step_name, kind_name, parameter_name, bin_count)
UNION ALL
SELECT op_seq, parameter, uom, value, bin, split, repeated, first_i, n, fails
FROM yield_split_pieces(step_name, kind_name, parameter_name, bin_count);
