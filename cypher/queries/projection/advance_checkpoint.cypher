// Purpose: moves the graph projection's checkpoint from `from` to `seq` in the batch's own transaction, when two batches are in flight and may commit in either order (decision 047): in log order it moves (over the next batch too, when that one committed first); a batch that commits before the one in flight before it is recorded ahead; anything else moves nothing
// Params: name, from, seq, prevFrom (where the batch still in flight before this one applies, or null), run (the writer's run: what another run recorded ahead, one that stopped half way, is not passed over; that batch is written again)
// Returns: before (the checkpoint as found), outcome ('moved' | 'ahead' | 'refused'), seq (the checkpoint now)
MERGE (c:Checkpoint {name: $name})
// The write lock first, then the read: a read before it could see a value another transaction is
// about to replace (Neo4j reads at read-committed without locks).
SET c.locked = true
WITH c, coalesce(c.seq, 0) AS before, c.aheadFrom AS aheadFrom, c.aheadTo AS aheadTo,
  c.aheadRun = $run AS oursAhead
WITH c, before, aheadFrom, aheadTo, oursAhead,
  CASE
    WHEN before = $from THEN 'moved'
    WHEN $prevFrom IS NOT NULL AND before = $prevFrom AND NOT coalesce(oursAhead, false) THEN 'ahead'
    ELSE 'refused'
  END AS outcome
SET c.seq = CASE
      WHEN outcome <> 'moved' THEN before
      WHEN coalesce(oursAhead, false) AND aheadFrom = $seq THEN aheadTo
      ELSE $seq
    END,
    c.aheadFrom = CASE outcome WHEN 'ahead' THEN $from WHEN 'moved' THEN null ELSE aheadFrom END,
    c.aheadTo = CASE outcome WHEN 'ahead' THEN $seq WHEN 'moved' THEN null ELSE aheadTo END,
    c.aheadRun = CASE outcome WHEN 'ahead' THEN $run WHEN 'moved' THEN null ELSE c.aheadRun END
REMOVE c.locked
RETURN before, outcome, c.seq AS seq
