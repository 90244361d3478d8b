-- Purpose: how far the analytic facts have followed the log, and the last position of the projection
-- Params: none
-- Returns: facts_seq, events_seq
SELECT
  (SELECT seq FROM facts_state WHERE id = 1) AS facts_seq,
  (SELECT coalesce(max(seq), 0) FROM events) AS events_seq
