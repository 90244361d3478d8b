-- Purpose: every row of the analytic master-data table up to a log position, by its log seq
-- Params: end (seq)
-- Returns: seq
SELECT seq::BIGINT AS seq FROM master_data WHERE seq <= $end
