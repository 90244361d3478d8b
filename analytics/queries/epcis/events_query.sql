-- Purpose: the EPCIS 2.0 SimpleEventQuery over the event log: one page of matching events, in order
-- Params: types, actions, biz_steps, dispositions, read_points, biz_locations, event_ids (JSON arrays of text, or null: any);
--   ge_event_time, lt_event_time, ge_record_time, lt_record_time (ISO or null); error_declared (true: only error declarations, or null);
--   match (JSON array of {g, fields, exact, patterns}: every group must match some object of the event in one of its fields, by canonical key or LIKE pattern; or null);
--   order_by ('eventTime' | 'recordTime'), descending, after_key, after_seq (keyset cursor, or null), limit
-- Returns: seq, event_id (log id), record_time (ISO UTC), body (JSON text), sort_key, seq_key (the cursor of the row); at most limit rows
WITH groups AS (
  SELECT u.g, u.fields, u.exact, u.patterns
  FROM (
    SELECT unnest(
      from_json($match, '[{"g":"INTEGER","fields":["VARCHAR"],"exact":["VARCHAR"],"patterns":["VARCHAR"]}]')) AS u
  )
),
candidates AS (
  SELECT o.seq, o.role, o.object_id, o.object_key, o.quantity
  FROM event_objects o
  WHERE o.object_key IN (SELECT unnest(exact) FROM groups)
  UNION ALL
  SELECT o.seq, o.role, o.object_id, o.object_key, o.quantity
  FROM (SELECT DISTINCT unnest(patterns) AS p FROM groups) pat
  JOIN event_objects o ON o.object_key LIKE pat.p ESCAPE '\'
),
-- Which EPCIS field an object came from: an instance list (epcList, childEPCs, inputEPCList,
-- outputEPCList) or a quantity list (quantityList, childQuantityList, input/outputQuantityList).
classified AS (
  SELECT c.seq, c.object_key,
    CASE c.role
      WHEN 'parent' THEN 'parentID'
      ELSE CASE c.role WHEN 'object' THEN 'epc' WHEN 'child' THEN 'epc' WHEN 'input' THEN 'inputEPC' ELSE 'outputEPC' END
        || CASE WHEN c.quantity IS NULL AND list_contains(
             CASE c.role
               WHEN 'object' THEN json_extract_string(l.body, '$.epcList[*]')
               WHEN 'child' THEN json_extract_string(l.body, '$.childEPCs[*]')
               WHEN 'input' THEN json_extract_string(l.body, '$.inputEPCList[*]')
               ELSE json_extract_string(l.body, '$.outputEPCList[*]') END,
             c.object_id) THEN '' ELSE 'Class' END
    END AS field
  FROM candidates c
  JOIN event_log l ON l.seq = c.seq
),
matched AS (
  SELECT k.seq
  FROM classified k
  JOIN groups g ON list_contains(g.fields, k.field)
    AND (list_contains(g.exact, k.object_key)
      OR EXISTS (SELECT 1 FROM (SELECT unnest(g.patterns) AS p) WHERE k.object_key LIKE p ESCAPE '\'))
  GROUP BY k.seq
  HAVING count(DISTINCT g.g) = (SELECT count(*) FROM groups)
),
hits AS (
  SELECT e.seq, e.event_id, l.record_time,
    CASE WHEN $descending THEN -1 ELSE 1 END
      * epoch_us(CASE WHEN $order_by = 'recordTime' THEN l.record_time ELSE e.event_time END) AS sort_key,
    CASE WHEN $descending THEN -e.seq ELSE e.seq END AS seq_key
  FROM events e
  JOIN event_log l ON l.seq = e.seq
  WHERE ($types IS NULL OR list_contains(from_json($types, '["VARCHAR"]'), e.event_type))
    AND ($actions IS NULL OR list_contains(from_json($actions, '["VARCHAR"]'), e.action))
    AND ($biz_steps IS NULL OR list_contains(from_json($biz_steps, '["VARCHAR"]'), e.biz_step))
    AND ($dispositions IS NULL OR list_contains(from_json($dispositions, '["VARCHAR"]'), e.disposition))
    AND ($read_points IS NULL OR list_contains(from_json($read_points, '["VARCHAR"]'), e.read_point))
    AND ($biz_locations IS NULL OR list_contains(from_json($biz_locations, '["VARCHAR"]'), e.biz_location))
    AND ($event_ids IS NULL
      OR list_contains(from_json($event_ids, '["VARCHAR"]'), regexp_replace(e.event_id, '#errorDeclaration$', '')))
    AND ($error_declared IS NULL OR (e.event_id LIKE '%#errorDeclaration') = $error_declared)
    AND ($ge_event_time IS NULL OR e.event_time >= CAST($ge_event_time AS TIMESTAMPTZ))
    AND ($lt_event_time IS NULL OR e.event_time < CAST($lt_event_time AS TIMESTAMPTZ))
    AND ($ge_record_time IS NULL OR l.record_time >= CAST($ge_record_time AS TIMESTAMPTZ))
    AND ($lt_record_time IS NULL OR l.record_time < CAST($lt_record_time AS TIMESTAMPTZ))
    AND ($match IS NULL OR e.seq IN (SELECT seq FROM matched))
),
page AS (
  SELECT seq, event_id, record_time, sort_key, seq_key
  FROM hits
  WHERE $after_key IS NULL OR sort_key > $after_key OR (sort_key = $after_key AND seq_key > $after_seq)
  ORDER BY sort_key, seq_key
  LIMIT $limit
)
-- the stored events of the page only
SELECT p.seq, p.event_id, strftime(p.record_time, '%Y-%m-%dT%H:%M:%S.%gZ') AS record_time, l.body::VARCHAR AS body,
  p.sort_key, p.seq_key
FROM page p
JOIN event_log l ON l.seq = p.seq
ORDER BY p.sort_key, p.seq_key
