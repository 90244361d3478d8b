// Analytic facts (schema/0009_analytic_facts.sql): narrow tables the analytics read, derived from
// the projection tables and brought up to the log before an analytic reads them. A refresh
// recomputes only what the events since the last one touch: their objects' facts and the
// outcome counts of the operations that made those objects, in one write transaction, so
// readers see the old facts or the new ones, never half. After a rebuild of the projection
// (its last position below the facts'), everything is recomputed.
import { z } from 'zod';
import type { DuckStore, DuckTx } from './duckdb.ts';
import { defineQuery, sqlNumber } from './query.ts';

const none = z.object({});
const after = z.object({ after: z.number().int() });
const position = defineQuery('facts/position', {
  params: none,
  row: z.object({ facts_seq: sqlNumber, events_seq: sqlNumber }),
});
const setPosition = defineQuery('facts/set_position', {
  params: z.object({ seq: z.number().int() }),
  row: none,
});

const step = <P extends z.ZodType>(name: string, params: P) =>
  defineQuery(`facts/${name}`, { params, row: none });
const CLEAR = [
  'new_events',
  'new_objects',
  'keys',
  'key_objects',
  'key_inspections',
  'ops',
  'param_groups',
  'object_facts',
].map((t) => step(`clear_${t}`, none));
// The touched objects' event rows with their events. When these are at most KEY_SEQS_AT_MOST
// events, they are read by a list of their positions: a capture touches a few objects whose events
// lie anywhere in the log, and a join on the position would read the position of every event
// (160–200 ms at 12 M events, against 5–20 ms for up to 76 positions listed; at 183 both took
// 170 ms; decision 048).
const KEY_SEQS_AT_MOST = 100;
const keySeqs = defineQuery('facts/key_seqs', {
  params: z.object({ limit: z.number().int().positive() }),
  row: z.object({ seq: sqlNumber }),
});
const keyObjectsQuery = step('key_objects', z.object({ seqs: z.string().nullable() }));
async function keyObjects(tx: DuckTx): Promise<void> {
  const seqs = await keySeqs.inTx(tx, { limit: KEY_SEQS_AT_MOST + 1 });
  await keyObjectsQuery.inTx(tx, {
    seqs: seqs.length <= KEY_SEQS_AT_MOST ? JSON.stringify(seqs.map((r) => r.seq)) : null,
  });
}

// In order: stage the new events and what they touch, then each fact, dropped and recomputed.
const STEPS: { q: { inTx(tx: DuckTx, params: { after?: number }): Promise<unknown> }; after?: true }[] = [
  { q: step('new_events', after), after: true },
  { q: step('new_objects', none) },
  { q: step('keys', none) },
  { q: { inTx: keyObjects } },
  { q: step('key_inspections', none) },
  { q: step('event_materials_delete', after), after: true },
  { q: step('event_materials', after), after: true },
  { q: step('receipts_delete', none) },
  { q: step('receipts', none) },
  { q: step('objects_delete', none) },
  { q: step('objects', none) },
  { q: step('objects_store', none) },
  // the object facts of input lots, apart (yield heatmap)
  { q: step('lot_objects_clear', after), after: true },
  { q: step('lot_objects', none) },
  { q: step('incoming_delete', none) },
  { q: step('incoming', none) },
  { q: step('defects_delete', none) },
  { q: step('defects', none) },
  { q: step('first_pass_delete', none) },
  { q: step('first_pass', none) },
  { q: step('ops_of_keys', none) },
  { q: step('unit_outcomes_delete', none) },
  { q: step('unit_outcomes', none) },
  { q: step('op_outcomes_delete', none) },
  { q: step('op_outcomes', none) },
  { q: step('op_readings_delete', after), after: true },
  { q: step('op_readings', none) },
  { q: step('op_lots_delete', after), after: true },
  { q: step('op_lots', none) },
  // the values the operations above read: their readings placed again, and the values' ranks (0013)
  { q: step('param_groups', none) },
  { q: step('param_ranks_delete', none) },
  { q: step('param_ranks', none) },
  { q: step('param_values_delete', none) },
  { q: step('param_values', none) },
  { q: step('param_value_ranks', none) },
];

export interface FactsRefresh {
  /** log positions covered before and after */
  from: number;
  to: number;
  /** whether everything was recomputed */
  full: boolean;
  ms: number;
}

interface Follow {
  /** the store's commit count the facts were last checked at */
  checked: number;
  running: Promise<FactsRefresh | null> | null;
  last: FactsRefresh | null;
}
const following = new WeakMap<DuckStore, Follow>();

/**
 * Brings the analytic facts up to the log; every analytic calls it first. Costs nothing when no
 * write transaction has committed through this store since the last check (DuckDB's file lock
 * keeps other processes from writing); concurrent callers share one refresh.
 */
export async function ensureFacts(db: DuckStore): Promise<void> {
  let f = following.get(db);
  if (!f) following.set(db, (f = { checked: -1, running: null, last: null }));
  while (f.checked !== db.commits) {
    if (!f.running) {
      const follow = f;
      follow.running = refresh(db, follow).finally(() => {
        follow.running = null;
      });
    }
    await f.running;
  }
}

/** The last refresh this process made of a store's facts (for benchmarks and operations). */
export const lastFactsRefresh = (db: DuckStore): FactsRefresh | null => following.get(db)?.last ?? null;

async function refresh(db: DuckStore, f: Follow): Promise<FactsRefresh | null> {
  const t0 = performance.now();
  let seen = db.commits;
  const [pos] = await position.all(db, {});
  const factsSeq = pos?.facts_seq ?? 0;
  const eventsSeq = pos?.events_seq ?? 0;
  if (factsSeq === eventsSeq) {
    f.checked = seen;
    return null;
  }
  // Below the facts' position the projection was rebuilt: recompute all.
  const from = eventsSeq < factsSeq ? 0 : factsSeq;
  await db.transaction(async (tx) => {
    seen = db.commits;
    for (const c of CLEAR) await c.inTx(tx, {});
    for (const s of STEPS) await s.q.inTx(tx, s.after ? { after: from } : {});
    // the position the staged events reached (writes queue behind this transaction)
    const [now] = await position.inTx(tx, {});
    await setPosition.inTx(tx, { seq: now?.events_seq ?? eventsSeq });
    for (const c of CLEAR) await c.inTx(tx, {});
  });
  f.checked = seen + 1; // this refresh's own commit
  f.last = { from, to: eventsSeq, full: from === 0, ms: Math.round(performance.now() - t0) };
  return f.last;
}
