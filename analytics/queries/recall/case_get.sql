-- Purpose: one recall case with its snapshot and how many of its lines are still open
-- Params: case_id
-- Returns: case_id, title, reason, root_id, root_kind, root_code, criteria (JSON text), scope (JSON text), status, opened_by, opened_at, closed_by, closed_at, close_reason, open_lines; no row when unknown
WITH line_state AS (
  SELECT l.case_id, l.shipped - coalesce(sum(r.recovered + r.destroyed + r.consumed), 0) AS open
  FROM recall_lines l
  LEFT JOIN recall_records r ON r.case_id = l.case_id AND r.line_no = l.line_no
  WHERE l.case_id = $case_id
  GROUP BY l.case_id, l.line_no, l.shipped
)
SELECT
  c.case_id, c.title, c.reason, c.root_id, c.root_kind, c.root_code,
  c.criteria::VARCHAR AS criteria, c.scope::VARCHAR AS scope,
  c.status, c.opened_by, c.opened_at, c.closed_by, c.closed_at, c.close_reason,
  (SELECT count(*) FROM line_state s WHERE round(s.open, 6) > 0) AS open_lines
FROM recall_cases c
WHERE c.case_id = $case_id
