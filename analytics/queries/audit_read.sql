-- Purpose: audit entries in order, optionally filtered by actor, action, subject and time
-- Params: after (seq), limit, actor?, action?, subject?, from?, to? (ISO 8601 UTC text, as stored)
-- Returns: seq, at, actor, action, subject, before (JSON text), after (JSON text), reason, prev_hash, hash
SELECT seq, recorded_at AS at, actor, action, subject, before::VARCHAR AS before, after::VARCHAR AS after,
       reason, prev_hash, hash
FROM audit_log
WHERE seq > $after
  AND ($actor IS NULL OR actor = $actor)
  AND ($action IS NULL OR action = $action)
  AND ($subject IS NULL OR subject = $subject)
  AND ($from IS NULL OR recorded_at >= $from)
  AND ($to IS NULL OR recorded_at < $to)
ORDER BY seq
LIMIT $limit
