-- Supplier scorecard settings: one row (id = 1), changed only through setScorecardConfig
-- (analytics/scorecard.ts), which writes an audit entry in the same transaction.
CREATE TABLE IF NOT EXISTS scorecard_config (
  id INTEGER PRIMARY KEY,
  weight_acceptance DOUBLE NOT NULL,   -- weight of the lot acceptance rate (0..100 points)
  weight_ppm DOUBLE NOT NULL,          -- weight of the PPM component
  weight_on_time DOUBLE NOT NULL,      -- weight of on-time delivery (left out while it has no data)
  ppm_zero DOUBLE NOT NULL,            -- PPM at (and above) which the PPM component scores 0
  grade_a DOUBLE NOT NULL,             -- score at or above: grade A
  grade_b DOUBLE NOT NULL              -- score at or above: grade B (below: C)
);

-- Documented defaults (docs/analytics.md), only when the table is empty.
INSERT INTO scorecard_config
SELECT 1, 0.6, 0.3, 0.1, 10000, 90, 75
WHERE NOT EXISTS (SELECT 1 FROM scorecard_config);

-- Every lot received from a supplier: a receiving ObjectEvent ADD with an owning-party source.
-- The material is the receipt's ILMD lg:material, read from the logged event.
CREATE OR REPLACE MACRO lot_receipts() AS TABLE
SELECT
  e.event_id,
  e.source_party AS supplier,
  CAST(e.event_time AS TIMESTAMP) AS received_at,
  o.object_key AS lot,
  o.object_id,
  o.quantity,
  o.uom,
  json_extract_string(l.body, '$.ilmd."lg:material"') AS material
FROM events e
JOIN event_objects o ON o.event_id = e.event_id AND o.role = 'object' AND o.kind = 'lot'
LEFT JOIN event_log l ON l.event_id = e.event_id
WHERE e.biz_step = 'receiving' AND e.action = 'ADD' AND e.source_party IS NOT NULL;

-- The first incoming inspection with a verdict of every lot (re-inspections after sorting or
-- rework do not change the first verdict), with its defects summed by severity.
CREATE OR REPLACE MACRO first_incoming_inspections() AS TABLE
WITH ranked AS (
  SELECT
    i.*,
    row_number() OVER (PARTITION BY i.object_key ORDER BY i.inspected_at, i.event_id) AS rn
  FROM inspections i
  WHERE i.inspection_kind = 'incoming' AND i.result IN ('pass', 'fail')
),
sev AS (
  SELECT
    event_id,
    object_key,
    sum(coalesce(quantity, 1)) AS defects,
    sum(coalesce(quantity, 1)) FILTER (WHERE severity = 'minor') AS minor,
    sum(coalesce(quantity, 1)) FILTER (WHERE severity = 'major') AS major,
    sum(coalesce(quantity, 1)) FILTER (WHERE severity = 'critical') AS critical
  FROM defects
  GROUP BY event_id, object_key
)
SELECT
  r.event_id,
  r.object_key AS lot,
  CAST(r.inspected_at AS TIMESTAMP) AS inspected_at,
  r.result,
  r.sample_size,
  coalesce(r.defective_quantity, s.defects, 0) AS defective,
  coalesce(s.minor, 0) AS minor,
  coalesce(s.major, 0) AS major,
  coalesce(s.critical, 0) AS critical
FROM ranked r
LEFT JOIN sev s ON s.event_id = r.event_id AND s.object_key = r.object_key
WHERE r.rn = 1;

-- The material of every object that has one: the ILMD lg:material of the event that received or
-- made it (the latest such event when there are several).
CREATE OR REPLACE MACRO object_materials() AS TABLE
SELECT o.object_key, arg_max(json_extract_string(l.body, '$.ilmd."lg:material"'), l.seq) AS material
FROM event_objects o
JOIN event_log l ON l.event_id = o.event_id
WHERE o.role IN ('object', 'output') AND json_extract_string(l.body, '$.ilmd."lg:material"') IS NOT NULL
GROUP BY o.object_key;

-- Every defect found, with the value it has in one Pareto dimension ('code', 'step',
-- 'equipment', 'supplier' or 'material'; null where the record does not say), its quantity
-- (1 where unstated), the object, when it was found, its material and its supplier.
CREATE OR REPLACE MACRO defect_facts(dimension_name) AS TABLE
WITH suppliers AS (
  SELECT lot AS object_key, arg_max(supplier, received_at) AS supplier FROM lot_receipts() GROUP BY lot
)
SELECT
  CASE dimension_name
    WHEN 'code' THEN d.code
    WHEN 'step' THEN i.step
    WHEN 'equipment' THEN i.equipment
    WHEN 'supplier' THEN s.supplier
    WHEN 'material' THEN m.material
  END AS value,
  coalesce(d.quantity, 1) AS quantity,
  d.object_key,
  i.object_id,
  d.event_id,
  CAST(i.inspected_at AS TIMESTAMP) AS inspected_at,
  m.material,
  s.supplier
FROM defects d
JOIN inspections i ON i.event_id = d.event_id AND i.object_key = d.object_key
LEFT JOIN suppliers s ON s.object_key = d.object_key
LEFT JOIN object_materials() m ON m.object_key = d.object_key;
