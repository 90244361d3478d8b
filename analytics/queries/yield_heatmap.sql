-- Purpose: first-pass failures of a step's units per bin of one parameter and per input lot of their operation (parameter x lot interactions), with each lot's material and supplier
-- Params: step, inspection, parameter, bins (equal-count bins, as yield_parameter_bins), material (only input lots of this material, or null: all)
-- Returns: bin (1-based), lot (id as captured), material, supplier (null: not received from a supplier), units, fails
-- Units and fails per operation and bin first (the units of one operation share its reading), so
-- the join to the operation's input lots works on operations, not on units × lots.
WITH per_op AS (
  SELECT event_id, bin, count(*) AS units, count(*) FILTER (WHERE failed) AS fails
  FROM binned_readings($step, $inspection, $parameter, $bins)
  GROUP BY event_id, bin
),
-- the input lots of the unit's operation, as yield_unit_levels attributes them
used AS (
  SELECT p.bin, p.units, p.fails, i.lot, i.object_key
  FROM per_op p
  JOIN (
    SELECT DISTINCT event_id, object_id AS lot, object_key
    FROM event_objects
    WHERE role = 'input' AND kind = 'lot' AND event_id IN (SELECT event_id FROM per_op)
  ) i ON i.event_id = p.event_id
),
keys AS (SELECT DISTINCT object_key FROM used),
-- object_materials() and the lot's supplier, restricted to these lots before any JSON is read
materials AS (
  SELECT
    o.object_key,
    -- a FILTER, not a WHERE: a WHERE on the JSON is pushed into the scan of the whole log
    arg_max(json_extract_string(l.body, '$.ilmd."lg:material"'), l.seq)
      FILTER (WHERE json_extract_string(l.body, '$.ilmd."lg:material"') IS NOT NULL) AS material
  FROM event_objects o
  JOIN event_log l ON l.event_id = o.event_id
  WHERE o.role IN ('object', 'output') AND o.object_key IN (SELECT object_key FROM keys)
  GROUP BY o.object_key
),
suppliers AS (
  SELECT o.object_key, arg_max(e.source_party, e.event_time) AS supplier
  FROM events e
  JOIN event_objects o ON o.event_id = e.event_id AND o.role = 'object' AND o.kind = 'lot'
  WHERE e.biz_step = 'receiving' AND e.action = 'ADD' AND e.source_party IS NOT NULL
    AND o.object_key IN (SELECT object_key FROM keys)
  GROUP BY o.object_key
)
SELECT
  u.bin::BIGINT AS bin,
  u.lot,
  any_value(m.material) AS material,
  any_value(s.supplier) AS supplier,
  sum(u.units)::BIGINT AS units,
  sum(u.fails)::BIGINT AS fails
FROM used u
LEFT JOIN materials m ON m.object_key = u.object_key
LEFT JOIN suppliers s ON s.object_key = u.object_key
WHERE $material IS NULL OR m.material = $material
GROUP BY u.bin, u.lot
ORDER BY u.lot, u.bin
