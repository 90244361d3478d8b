-- Purpose: the critical tracking events (FDA FSMA 204) of traceability lots with their key data elements: receiving, transformation (the lot as an output), shipping (the lot carried itself or in containers packed at the shipment time, nested; docs/decisions/004), harvesting, cooling, initial packing and first land-based receiving where captured
-- Params: keys (JSON array of the canonical keys of the traceability lots)
-- Returns: cte, event_id, action, event_time (ISO UTC), tlc (key), tlc_id (as captured), quantity, uom, location, location_name, material, material_name, source_party, source_name, destination_party, destination_name, shipment, inputs (ids of a transformation's inputs), and from the event's ILMD (a receiving's): supplier_lot, tlc_source, tlc_source_name, tlc_source_reference
WITH RECURSIVE
tlcs AS (
  SELECT DISTINCT unnest(from_json($keys, '["VARCHAR"]')) AS key
),
names AS (
  SELECT
    id,
    arg_max(
      coalesce(json_extract_string(attributes, '$."lg:name"'), json_extract_string(attributes, '$."cbvmda:name"')),
      seq
    ) AS name
  FROM master_data
  GROUP BY id
),
ev AS (
  SELECT
    e.*,
    lower(regexp_replace(regexp_replace(coalesce(e.biz_step, ''), '^.*[:/#]', ''), '^bizstep-', '', 'i')) AS step_name
  FROM events e
),
-- packing spans: an ADD until the first DELETE of that child (or of the whole container) at or after it
adds AS (
  SELECT a.event_id, a.event_time AS since, p.object_key AS parent, c.object_key AS child, c.quantity, c.uom
  FROM events a
  JOIN event_objects p ON p.seq = a.seq AND p.role = 'parent'
  JOIN event_objects c ON c.seq = a.seq AND c.role = 'child'
  WHERE a.event_type = 'AggregationEvent' AND a.action = 'ADD'
),
dels AS (
  SELECT d.event_id, d.event_time, p.object_key AS parent, c.object_key AS child
  FROM events d
  JOIN event_objects p ON p.seq = d.seq AND p.role = 'parent'
  LEFT JOIN event_objects c ON c.seq = d.seq AND c.role = 'child'
  WHERE d.event_type = 'AggregationEvent' AND d.action = 'DELETE'
),
links AS (
  SELECT a.*, min(d.event_time) AS until
  FROM adds a
  LEFT JOIN dels d
    ON d.parent = a.parent AND (d.child IS NULL OR d.child = a.child) AND d.event_time >= a.since
  GROUP BY ALL
),
shipped AS (
  SELECT e.event_id, e.event_time, o.object_key
  FROM ev e
  JOIN event_objects o ON o.seq = e.seq AND o.role = 'object'
  WHERE e.step_name = 'shipping'
),
-- what each shipping event carried inside containers: one row per object and its direct container
contents(event_id, ship_time, key, via, quantity, uom, depth) AS (
  SELECT s.event_id, s.event_time, l.child, l.parent, l.quantity, l.uom, 1
  FROM shipped s
  JOIN links l ON l.parent = s.object_key AND l.since <= s.event_time AND (l.until IS NULL OR l.until > s.event_time)
  UNION ALL
  SELECT c.event_id, c.ship_time, l.child, l.parent, l.quantity, l.uom, c.depth + 1
  FROM contents c
  JOIN links l ON l.parent = c.key AND l.since <= c.ship_time AND (l.until IS NULL OR l.until > c.ship_time)
  WHERE c.depth < 8
),
in_containers AS (
  SELECT event_id, key, via, any_value(quantity) AS quantity, any_value(uom) AS uom
  FROM contents
  WHERE key IN (SELECT key FROM tlcs)
  GROUP BY event_id, key, via
),
object_rows AS (
  -- the lot named by the event itself
  SELECT
    CASE
      WHEN e.event_type = 'TransformationEvent' THEN 'transformation'
      ELSE e.step_name
    END AS cte,
    e.event_id,
    o.object_key AS tlc,
    o.quantity,
    o.uom
  FROM ev e
  JOIN event_objects o ON o.seq = e.seq
  WHERE o.object_key IN (SELECT key FROM tlcs)
    AND (
      (e.event_type = 'TransformationEvent' AND o.role = 'output')
      OR (
        e.event_type IN ('ObjectEvent', 'TransactionEvent') AND o.role = 'object'
        AND e.step_name IN ('receiving', 'shipping', 'harvesting', 'cooling', 'initial_packing', 'first_land_based_receiving')
      )
    )
),
container_rows AS (
  SELECT 'shipping' AS cte, event_id, key AS tlc, sum(quantity) AS quantity, any_value(uom) AS uom
  FROM in_containers
  GROUP BY event_id, key
),
cte_rows AS (
  SELECT cte, event_id, tlc, sum(quantity) AS quantity, any_value(uom) AS uom
  FROM (SELECT * FROM object_rows UNION ALL SELECT * FROM container_rows)
  GROUP BY cte, event_id, tlc
),
inputs AS (
  SELECT event_id, list(object_id ORDER BY object_id) AS inputs
  FROM event_objects
  WHERE role = 'input' AND event_id IN (SELECT event_id FROM cte_rows WHERE cte = 'transformation')
  GROUP BY event_id
),
-- the identifier as first captured, as the graph keeps it
first_ids AS (
  SELECT o.object_key, arg_min(o.object_id, o.seq) AS object_id
  FROM event_objects o
  WHERE o.object_key IN (SELECT key FROM tlcs)
  GROUP BY o.object_key
),
materials AS (
  SELECT * FROM object_materials() WHERE object_key IN (SELECT key FROM tlcs)
)
SELECT
  r.cte,
  r.event_id,
  e.action,
  strftime(CAST(e.event_time AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%gZ') AS event_time,
  r.tlc,
  f.object_id AS tlc_id,
  r.quantity,
  r.uom,
  coalesce(e.biz_location, e.read_point) AS location,
  ln.name AS location_name,
  m.material,
  mn.name AS material_name,
  e.source_party,
  sn.name AS source_name,
  e.destination_party,
  dn.name AS destination_name,
  e.shipment_id AS shipment,
  coalesce(i.inputs, []::VARCHAR[]) AS inputs,
  json_extract_string(l.body, '$.ilmd."lg:supplierLot"') AS supplier_lot,
  json_extract_string(l.body, '$.ilmd."lg:tlcSource"') AS tlc_source,
  tn.name AS tlc_source_name,
  json_extract_string(l.body, '$.ilmd."lg:tlcSourceReference"') AS tlc_source_reference
FROM cte_rows r
JOIN events e ON e.event_id = r.event_id
JOIN event_log l ON l.event_id = r.event_id
JOIN first_ids f ON f.object_key = r.tlc
LEFT JOIN names ln ON ln.id = coalesce(e.biz_location, e.read_point)
LEFT JOIN materials m ON m.object_key = r.tlc
LEFT JOIN names mn ON mn.id = m.material
LEFT JOIN names sn ON sn.id = e.source_party
LEFT JOIN names dn ON dn.id = e.destination_party
LEFT JOIN inputs i ON i.event_id = r.event_id
LEFT JOIN names tn ON tn.id = json_extract_string(l.body, '$.ilmd."lg:tlcSource"')
ORDER BY r.tlc, e.event_time, r.event_id
