// Typed wrappers of the graph-projection statements (cypher/queries/projection).
import type { ManagedTransaction } from 'neo4j-driver';
import { z } from 'zod';
import { AppError } from '../domain/errors.ts';
import type { GraphStore } from './neo4j.ts';
import { defineQuery } from './query.ts';

const rows = z.object({ rows: z.array(z.looseObject({})) });
const none = z.object({});
const write = (name: string) => defineQuery(`projection/${name}`, { params: rows, row: none, mode: 'WRITE' });

const q = {
  items: write('merge_items'),
  facts: write('set_item_facts'),
  status: write('set_status'),
  operations: defineQuery('projection/merge_operations', {
    params: rows,
    row: z.object({ created: z.array(z.string()) }),
    mode: 'WRITE',
  }),
  newFlows: defineQuery('projection/create_operation_flows', {
    params: z.object({
      ops: z.array(
        z.object({
          id: z.string(),
          consumed: z.array(z.looseObject({})),
          produced: z.array(z.looseObject({})),
          feeds: z.boolean(),
        }),
      ),
    }),
    row: none,
    mode: 'WRITE',
  }),
  consumed: write('merge_consumed'),
  produced: write('merge_produced'),
  packing: write('merge_packing'),
  unpacking: write('close_packing'),
  inspections: write('merge_inspections'),
  shipments: write('merge_shipments'),
  masterData: write('merge_master_data'),
  holds: write('set_hold'),
  decisions: write('set_decision'),
  locations: write('set_location'),
  voided: write('void_events'),
  feeds: defineQuery('projection/merge_feeds', {
    params: z.object({ ops: z.array(z.string()) }),
    row: none,
    mode: 'WRITE',
  }),
  setCheckpoint: defineQuery('projection/set_checkpoint', {
    params: z.object({ name: z.string(), seq: z.number().int() }),
    row: none,
    mode: 'WRITE',
  }),
  advanceCheckpoint: defineQuery('projection/advance_checkpoint', {
    params: z.object({
      name: z.string(),
      from: z.number().int(),
      seq: z.number().int(),
      prevFrom: z.number().int().nullable(),
      run: z.string().nullable(),
    }),
    row: z.object({
      before: z.number().int(),
      outcome: z.enum(['moved', 'ahead', 'refused']),
      seq: z.number().int(),
    }),
    mode: 'WRITE',
  }),
  getCheckpoint: defineQuery('projection/get_checkpoint', {
    params: z.object({ name: z.string() }),
    row: z.object({ seq: z.number().int() }),
    mode: 'READ',
  }),
  deleteAll: defineQuery('projection/delete_all', { params: z.object({}), row: none, mode: 'AUTOCOMMIT' }),
};

type Row = Record<string, unknown>;

/** Everything one batch of events changes in the graph; applied in one transaction. */
export interface GraphBatch {
  items: Row[];
  facts: Row[];
  status: Row[];
  operations: Row[];
  consumed: Row[];
  produced: Row[];
  packing: Row[];
  unpacking: Row[];
  inspections: Row[];
  shipments: Row[];
  masterData: Row[];
  /** holds and releases: an overlay on objects, beside their disposition */
  holds: Row[];
  /** incoming-inspection decisions (release, reject, conditional release with its deviation) */
  decisions: Row[];
  /** where objects are: the business location of events that name one */
  locations: Row[];
  /** events declared erroneous: what they put in the genealogy is withdrawn */
  voided: Row[];
  /** operations whose FEEDS edges must be (re)derived */
  feedOps: string[];
  /** the log position this batch brings the projection to */
  seq: number;
  /**
   * The checkpoint this batch applies on top of. When set, the batch commits only if the graph's
   * checkpoint is there once the batch holds its lock (or, written by the batch writer while the
   * batch before it is in flight, where that one applies: it is then recorded ahead); otherwise it
   * changes nothing and fails with CheckpointMoved. Unset: the checkpoint is set to `seq`
   * whatever it was.
   */
  from?: number;
}

/** A batch found the graph's checkpoint elsewhere than its `from`: nothing of it was written. */
export class CheckpointMoved extends AppError {
  constructor(
    readonly checkpoint: string,
    readonly expected: number,
    readonly found: number,
  ) {
    super(
      'CONFLICT',
      `projection: the ${checkpoint} checkpoint is at ${found}, not at ${expected} where this batch applies; nothing was written`,
      { details: { store: 'neo4j', checkpoint, expected, found } },
    );
  }
}

/** A batch with nothing in it, brought to `seq`. */
export function emptyGraphBatch(seq: number): GraphBatch {
  return {
    items: [],
    facts: [],
    status: [],
    operations: [],
    consumed: [],
    produced: [],
    packing: [],
    unpacking: [],
    inspections: [],
    shipments: [],
    masterData: [],
    holds: [],
    decisions: [],
    locations: [],
    voided: [],
    feedOps: [],
    seq,
  };
}

/**
 * Told about every batch the projection applies to a graph and about the graph being emptied
 * (the reach index follows the graph so, cypher/reach-index.ts). `before` runs before the batch's
 * transaction starts; `after` once it has committed (or with `committed` false when it failed).
 */
export interface GraphChangeListener {
  before(b: GraphBatch, checkpoint: string): Promise<void>;
  after(b: GraphBatch, checkpoint: string, committed: boolean): Promise<void>;
  /** the graph is being emptied ('start'), or is empty now ('done') */
  cleared(phase: 'start' | 'done'): void;
}
const listeners = new WeakMap<GraphStore, Set<GraphChangeListener>>();

/** Registers a listener for one graph's projection batches; returns the function that removes it. */
export function onGraphChange(graph: GraphStore, l: GraphChangeListener): () => void {
  const set = listeners.get(graph) ?? new Set();
  listeners.set(graph, set);
  set.add(l);
  return () => set.delete(l);
}
const listenersOf = (graph: GraphStore) => [...(listeners.get(graph) ?? [])];

const CHUNK = 10_000;
async function inChunks(
  tx: ManagedTransaction,
  run: (tx: ManagedTransaction, p: { rows: Row[] }) => Promise<unknown>,
  all: Row[],
) {
  for (let i = 0; i < all.length; i += CHUNK) await run(tx, { rows: all.slice(i, i + CHUNK) });
}

/** Applies one batch and moves the checkpoint, atomically: a crash leaves the graph before or after it. */
export async function applyGraphBatch(
  graph: GraphStore,
  b: GraphBatch,
  checkpoint = 'graph',
  /** runs inside the transaction, last, before it commits (the crash tests' fault point) */
  beforeCommit?: () => Promise<void>,
): Promise<void> {
  await applyOne(graph, b, checkpoint, { beforeCommit });
}

export interface ApplyHooks {
  beforeCommit?: ((b: GraphBatch) => Promise<void>) | undefined;
  /** runs inside the transaction before the checkpoint statement (the batch writer's tests) */
  beforeCheckpoint?: ((b: GraphBatch) => Promise<void>) | undefined;
  /** where the batch still in flight before this one applies (batch writer only) */
  prevFrom?: number | undefined;
  /** the batch writer's run, which a batch recorded ahead belongs to */
  run?: string | undefined;
  /** awaited before the listeners hear of this batch's end (they hear of batches in log order) */
  afterWait?: Promise<unknown>;
}

/** applyGraphBatch with the hooks the batch writer (cypher/projection-writer.ts) needs. */
export async function applyOne(
  graph: GraphStore,
  b: GraphBatch,
  checkpoint: string,
  hooks: ApplyHooks,
): Promise<void> {
  checkOperations(b);
  const told = listenersOf(graph);
  for (const l of told) await l.before(b, checkpoint);
  let committed = false;
  try {
    await writeBatch(graph, b, checkpoint, hooks);
    committed = true;
  } finally {
    await hooks.afterWait?.catch(() => undefined);
    // After the commit: listeners read what the graph now holds (they handle their own failures).
    for (const l of told) await l.after(b, checkpoint, committed);
  }
}

/**
 * merge_operations tells the operations it created by their missing eventId (an operation has the
 * event that made it from then on), so a row without one would make an existing operation look
 * new and its relationships be created twice: refused before anything is written.
 */
function checkOperations(b: GraphBatch): void {
  const problems = b.operations.flatMap((r, i) =>
    typeof r['id'] === 'string' && typeof r['eventId'] === 'string'
      ? []
      : [
          {
            pointer: `/operations/${i}`,
            reason: 'an operation row needs its id and the eventId that made it',
          },
        ],
  );
  if (problems.length)
    throw new AppError(
      'INVALID_INPUT',
      `projection: ${problems.length} operation rows without id or eventId`,
      {
        problems,
      },
    );
}

async function writeBatch(
  graph: GraphStore,
  b: GraphBatch,
  checkpoint: string,
  hooks: ApplyHooks,
): Promise<void> {
  await graph.writeTx(async (tx) => {
    await inChunks(tx, q.masterData.inTx, b.masterData);
    await inChunks(tx, q.items.inTx, b.items);
    await inChunks(tx, q.facts.inTx, b.facts);
    await inChunks(tx, q.status.inTx, b.status);
    const created = new Set<string>();
    for (let i = 0; i < b.operations.length; i += CHUNK) {
      const [row] = await q.operations.inTx(tx, { rows: b.operations.slice(i, i + CHUNK) });
      for (const id of row?.created ?? []) created.add(id);
    }
    await writeFlows(tx, b, created);
    // Packing before unpacking: a DELETE closes only what was packed before it.
    await inChunks(tx, q.packing.inTx, b.packing);
    await inChunks(tx, q.unpacking.inTx, b.unpacking);
    await inChunks(tx, q.inspections.inTx, b.inspections);
    await inChunks(tx, q.shipments.inTx, b.shipments);
    await inChunks(tx, q.holds.inTx, b.holds);
    await inChunks(tx, q.decisions.inTx, b.decisions);
    await inChunks(tx, q.locations.inTx, b.locations);
    // Last: an event and its error declaration may arrive in the same batch.
    if (b.voided.length) {
      await inChunks(tx, q.voided.inTx, b.voided);
      const ops = [
        ...new Set(b.voided.map((v) => v['op']).filter((o): o is string => typeof o === 'string')),
      ];
      for (let i = 0; i < ops.length; i += CHUNK) await q.feeds.inTx(tx, { ops: ops.slice(i, i + CHUNK) });
    }
    await hooks.beforeCheckpoint?.(b);
    if (b.from === undefined) await q.setCheckpoint.inTx(tx, { name: checkpoint, seq: b.seq });
    else {
      const [row] = await q.advanceCheckpoint.inTx(tx, {
        name: checkpoint,
        from: b.from,
        seq: b.seq,
        prevFrom: hooks.prevFrom ?? null,
        run: hooks.run ?? null,
      });
      // Thrown inside the transaction function: the driver rolls it back (it retries only its own
      // transient errors).
      if (row?.outcome !== 'moved' && row?.outcome !== 'ahead')
        throw new CheckpointMoved(checkpoint, b.from, row?.before ?? 0);
    }
    await hooks.beforeCommit?.(b);
  });
}

/**
 * What operations consumed and produced, and their FEEDS edges. An operation this transaction
 * created has no relationship yet: its rows go in one CREATE statement grouped by operation (one
 * index lookup per operation, no MERGE check per relationship, FEEDS from what it just wrote).
 * Every other operation's rows go through the MERGE statements, which add nothing twice.
 */
async function writeFlows(tx: ManagedTransaction, b: GraphBatch, created: Set<string>): Promise<void> {
  const feedOps = new Set(b.feedOps);
  const fresh = new Map<
    string,
    { id: string; consumed: Map<string, Row>; produced: Map<string, Row>; feeds: boolean }
  >();
  const groupOf = (op: string) => {
    let g = fresh.get(op);
    if (!g) fresh.set(op, (g = { id: op, consumed: new Map(), produced: new Map(), feeds: feedOps.has(op) }));
    return g;
  };
  const rest = { consumed: [] as Row[], produced: [] as Row[] };
  for (const side of ['consumed', 'produced'] as const)
    for (const r of b[side]) {
      const op = r['op'];
      if (typeof op === 'string' && created.has(op))
        // One relationship per object and event, its last row's quantity: what MERGE then SET leaves.
        groupOf(op)[side].set(`${String(r['key'])}\u0000${String(r['eventId'])}`, r);
      else rest[side].push(r);
    }
  const groups = [...fresh.values()].map((g) => ({
    id: g.id,
    consumed: [...g.consumed.values()],
    produced: [...g.produced.values()],
    feeds: g.feeds,
  }));
  for (let i = 0; i < groups.length; i += CHUNK)
    await q.newFlows.inTx(tx, { ops: groups.slice(i, i + CHUNK) });
  await inChunks(tx, q.consumed.inTx, rest.consumed);
  await inChunks(tx, q.produced.inTx, rest.produced);
  const merged = b.feedOps.filter((op) => !fresh.has(op));
  for (let i = 0; i < merged.length; i += CHUNK) await q.feeds.inTx(tx, { ops: merged.slice(i, i + CHUNK) });
}

/** How far the graph has applied the event log. */
export async function graphCheckpoint(graph: GraphStore, checkpoint = 'graph'): Promise<number> {
  const [row] = await q.getCheckpoint.run(graph, { name: checkpoint });
  return row?.seq ?? 0;
}

/** Empties the graph (before a rebuild). */
export async function clearGraph(graph: GraphStore): Promise<void> {
  for (const l of listenersOf(graph)) l.cleared('start');
  await q.deleteAll.run(graph, {});
  for (const l of listenersOf(graph)) l.cleared('done');
}
