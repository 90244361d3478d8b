-- Purpose: the extent of the event log up to a position: how many entries, the first and last seq and how many distinct seqs (gap-free when all agree)
-- Params: end (seq)
-- Returns: n, first, last, distinct_seqs
SELECT count(*)::BIGINT AS n,
       coalesce(min(seq), 0)::BIGINT AS first,
       coalesce(max(seq), 0)::BIGINT AS last,
       count(DISTINCT seq)::BIGINT AS distinct_seqs
FROM event_log
WHERE seq <= $end
