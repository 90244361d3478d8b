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

-- The material of every object that has one: the ILMD lg:material of the event that received or
-- made it (the latest such event when there are several).
CREATE OR REPLACE MACRO object_materials() AS TABLE
SELECT o.object_key, arg_max(json_extract_string(l.body, '$.ilmd."lg:material"'), l.seq) AS material
FROM event_objects o
JOIN event_log l ON l.event_id = o.event_id
WHERE o.role IN ('object', 'output') AND json_extract_string(l.body, '$.ilmd."lg:material"') IS NOT NULL
GROUP BY o.object_key;
