-- Purpose: the events that can give lots their traceability lot code (FSMA 204): a transformation that made them, an initial packing or first land-based receiving, a receiving (with its ILMD supplier lot and code source); for the inputs a spreadsheet names by their codes
-- Params: keys (JSON array of the canonical keys of the lots)
-- Returns: tlc (key), tlc_id (as this event names it), cte, action, event_time (ISO UTC), location, location_name, supplier_lot, tlc_source, tlc_source_name, tlc_source_reference; by lot, then time
WITH
lots AS (
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
named AS (
  SELECT
    o.object_key AS tlc,
    o.object_id AS tlc_id,
    CASE
      WHEN e.event_type = 'TransformationEvent' THEN 'transformation'
      ELSE lower(regexp_replace(regexp_replace(coalesce(e.biz_step, ''), '^.*[:/#]', ''), '^bizstep-', '', 'i'))
    END AS cte,
    e.event_id,
    e.seq,
    e.action,
    e.event_time,
    coalesce(e.biz_location, e.read_point) AS location
  FROM event_objects o
  JOIN events e ON e.seq = o.seq
  WHERE o.object_key IN (SELECT key FROM lots)
    AND (
      (e.event_type = 'TransformationEvent' AND o.role = 'output')
      OR (e.event_type IN ('ObjectEvent', 'TransactionEvent') AND o.role = 'object')
    )
)
SELECT
  n.tlc,
  n.tlc_id,
  n.cte,
  n.action,
  strftime(CAST(n.event_time AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%gZ') AS event_time,
  n.location,
  ln.name AS location_name,
  json_extract_string(l.body, '$.ilmd."lg:supplierLot"') AS supplier_lot,
  json_extract_string(l.body, '$.ilmd."lg:tlcSource"') AS tlc_source,
  tn.name AS tlc_source_name,
  json_extract_string(l.body, '$.ilmd."lg:tlcSourceReference"') AS tlc_source_reference
FROM named n
JOIN event_log l ON l.seq = n.seq
LEFT JOIN names ln ON ln.id = n.location
LEFT JOIN names tn ON tn.id = json_extract_string(l.body, '$.ilmd."lg:tlcSource"')
WHERE n.cte IN ('transformation', 'initial_packing', 'first_land_based_receiving', 'receiving')
ORDER BY n.tlc, n.event_time, n.event_id
