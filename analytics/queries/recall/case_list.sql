-- Purpose: every recall case, newest first, with how many of its lines are still open (no snapshot)
-- Params: none
-- Returns: case_id, title, root_id, root_kind, root_code, status, opened_by, opened_at, closed_at, open_lines
WITH line_state AS (
  SELECT l.case_id, l.shipped - coalesce(sum(r.recovered + r.destroyed + r.consumed), 0) AS open
  FROM recall_lines l
  LEFT JOIN recall_records r ON r.case_id = l.case_id AND r.line_no = l.line_no
  GROUP BY l.case_id, l.line_no, l.shipped
),
open_lines AS (
  SELECT case_id, count(*) AS n FROM line_state WHERE round(open, 6) > 0 GROUP BY case_id
)
SELECT
  c.case_id, c.title, c.root_id, c.root_kind, c.root_code, c.status, c.opened_by, c.opened_at, c.closed_at,
  coalesce(o.n, 0) AS open_lines
FROM recall_cases c
LEFT JOIN open_lines o ON o.case_id = c.case_id
ORDER BY c.opened_at DESC, c.year DESC, c.seq DESC
