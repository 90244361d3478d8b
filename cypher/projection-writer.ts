// Applies a run of projection batches to one checkpoint with two transactions in flight where
// they cannot interfere (decision 047). Neo4j Community runs each transaction on one thread, so a
// second one in flight puts the other core to work during a catch-up, a rebuild or a bulk load.
// Each batch commits whole or not at all, and the checkpoint moves in log order only: a batch that
// commits before the one in flight before it is recorded ahead, and the checkpoint passes over it
// when that one commits (projection/advance_checkpoint). Two batches written at once touch
// disjoint state (footprintOf, mayOverlap), so either order of commits leaves the same graph.
import { randomUUID } from 'node:crypto';
import { isTransientConflict, type GraphStore } from './neo4j.ts';
import { applyOne, type GraphBatch } from './projection.ts';

type Row = Record<string, unknown>;

/** What a batch touches, for telling whether two batches may be written at once. */
export interface Footprint {
  /**
   * Keys and ids whose state the batch's statements read and then write: properties set from what
   * they were (facts, status, holds, operations' times), relationships merged or closed from them.
   */
  own: Set<string>;
  /** every key and id the batch names */
  named: Set<string>;
  /**
   * The objects the batch MERGEs, and so may create, with what it writes on creating one (id,
   * code, kind). Another transaction MATCHes such an object only once this one has committed; a
   * MERGE of it waits for that commit (the unique constraint), then finds it.
   */
  created: Map<string, string>;
  /** a batch that withdraws events is written alone */
  alone: boolean;
}

export function footprintOf(b: GraphBatch): Footprint {
  const own = new Set<string>();
  const named = new Set<string>();
  const created = new Map<string, string>();
  const add = (set: Set<string>, rows: readonly Row[], ...fields: string[]) => {
    for (const r of rows)
      for (const f of fields) {
        const v = r[f];
        if (typeof v === 'string') {
          set.add(v);
          named.add(v);
        }
      }
  };
  add(own, b.operations, 'id');
  add(own, b.consumed, 'op');
  add(own, b.produced, 'op');
  for (const op of b.feedOps) {
    own.add(op);
    named.add(op);
  }
  add(own, b.facts, 'key');
  add(own, b.status, 'key');
  add(own, b.locations, 'key');
  add(own, b.holds, 'key');
  add(own, b.decisions, 'key');
  add(own, b.packing, 'child', 'parent');
  add(own, b.unpacking, 'child', 'parent');
  add(own, b.inspections, 'id', 'key');
  add(own, b.shipments, 'id');
  for (const s of b.shipments) add(own, (s['carries'] as Row[] | undefined) ?? [], 'key');
  add(own, b.masterData, 'id'); // written from what it was (SET +=), so never shared
  for (const r of b.items) {
    const key = r['key'];
    if (typeof key !== 'string') continue;
    named.add(key);
    created.set(key, `${String(r['id'])}\u0000${String(r['code'])}\u0000${String(r['kind'])}`);
  }
  // Linked only: what operations consumed and produced.
  add(named, b.consumed, 'key');
  add(named, b.produced, 'key');
  return { own, named, created, alone: b.voided.length > 0 };
}

const disjoint = (a: Set<string>, b: Set<string>) => {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const k of small) if (large.has(k)) return false;
  return true;
};

/**
 * Whether `next` may be written while `first` is, so that either order of their commits leaves
 * the graph as the log order would: neither reads what the other writes; `next` does not MATCH
 * anything `first` may create without MERGEing it itself (it would not see it before `first`
 * commits); and an object both may create, they would create alike (whichever comes first).
 * Objects both only link to (consumed lots, materials) may be shared: Neo4j's locks order the two
 * transactions on them.
 */
export function mayOverlap(first: Footprint, next: Footprint): boolean {
  if (first.alone || next.alone) return false;
  if (!disjoint(next.own, first.named) || !disjoint(first.own, next.named)) return false;
  for (const k of next.named) {
    const made = first.created.get(k);
    if (made !== undefined && next.created.get(k) !== made) return false;
  }
  return true;
}

export interface BatchWriterOptions {
  /** the checkpoint the first batch applies on top of (the graph's checkpoint when the run starts) */
  from: number;
  /** default 'graph' */
  checkpoint?: string;
  /** runs inside each batch's transaction, last, before it commits (the crash tests' fault point) */
  beforeCommit?: (b: GraphBatch) => Promise<void>;
  /** runs inside each batch's transaction before it moves the checkpoint (the tests' hook) */
  beforeCheckpoint?: (b: GraphBatch) => Promise<void>;
  /** 2 (default): a batch starts while the one before it is written, where they cannot interfere */
  inFlight?: 1 | 2;
}

interface Flight {
  batch: GraphBatch;
  footprint: Footprint | null;
  /** settles once the batch has committed or failed and the listeners have heard of it */
  done: Promise<void>;
  settled: boolean;
}

/** What a writer did: for the benches and the tests. */
export interface BatchWriterStats {
  batches: number;
  /** batches started while the one before them was still being written */
  overlapped: number;
  /** batches written again alone after Neo4j broke a deadlock between two in flight */
  rewritten: number;
}

export class GraphBatchWriter {
  private last: Flight | null = null;
  private from: number;
  private failure: unknown = null;
  private reached: number;
  /** names what this writer records ahead of the checkpoint (an interrupted run's record is not passed over) */
  private readonly run = randomUUID();
  readonly stats: BatchWriterStats = { batches: 0, overlapped: 0, rewritten: 0 };

  constructor(
    private readonly graph: GraphStore,
    private readonly opts: BatchWriterOptions,
  ) {
    this.from = opts.from;
    this.reached = opts.from;
  }

  /** The checkpoint the batches written so far have brought the graph to. */
  get committed(): number {
    return this.reached;
  }

  /**
   * Starts writing `b` on top of the batch pushed before it (its `from` is set so); resolves when
   * another may be pushed, so at most two are in flight. Throws the failure of a batch pushed
   * earlier: nothing after a failed batch is written.
   */
  async push(b: GraphBatch): Promise<void> {
    if (this.failure) throw this.failure;
    const batch: GraphBatch = { ...b, from: this.from };
    this.from = b.seq;
    this.stats.batches++;
    const footprint = (this.opts.inFlight ?? 2) > 1 ? footprintOf(batch) : null;
    const prev = this.last;
    if (prev && !prev.settled && !(prev.footprint && footprint && mayOverlap(prev.footprint, footprint)))
      await prev.done;
    const overlapping = prev !== null && !prev.settled;
    this.last = this.start(batch, footprint, overlapping ? prev : null);
    if (overlapping) {
      this.stats.overlapped++;
      await prev.done;
    }
  }

  /** Waits for every batch pushed; resolves to the checkpoint reached, or throws the first failure. */
  async finish(): Promise<number> {
    await this.last?.done;
    if (this.failure) throw this.failure;
    return this.reached;
  }

  private start(batch: GraphBatch, footprint: Footprint | null, prev: Flight | null): Flight {
    const checkpoint = this.opts.checkpoint ?? 'graph';
    const hooks = {
      beforeCommit: this.opts.beforeCommit,
      beforeCheckpoint: this.opts.beforeCheckpoint,
      run: this.run,
    };
    const done = (async () => {
      try {
        await applyOne(this.graph, batch, checkpoint, {
          ...hooks,
          afterWait: prev?.done,
          prevFrom: prev?.batch.from,
        });
      } catch (err) {
        // Neo4j broke a deadlock between the two (nothing of this one was written): written again
        // once the one before it is done, alone.
        if (!isTransientConflict(err)) throw err;
        await prev?.done; // that batch's failure is this one's
        this.stats.rewritten++;
        await applyOne(this.graph, batch, checkpoint, hooks);
      }
      // It may have committed first: the checkpoint is this one's once the one before is done.
      await prev?.done;
      this.reached = batch.seq;
    })();
    const flight: Flight = { batch, footprint, done, settled: false };
    done.then(
      () => (flight.settled = true),
      (err: unknown) => {
        flight.settled = true;
        this.failure ??= err;
      },
    );
    return flight;
  }
}
