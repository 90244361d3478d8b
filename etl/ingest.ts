// The door of etl/: ingest documents, keep the graph projection caught up, rebuild.
import { appendAudit } from '../analytics/audit.store.ts';
import { clearAnalytics, lastSeq, readLog } from '../analytics/event-log.store.ts';
import type { DuckStore } from '../analytics/duckdb.ts';
import { CheckpointMoved, clearGraph, graphCheckpoint } from '../cypher/projection.ts';
import { GraphBatchWriter, type BatchWriterStats } from '../cypher/projection-writer.ts';
import type { GraphStore } from '../cypher/neo4j.ts';
import { foodTraceabilityList, knownObjects, materialsOf } from '../analytics/fsma.ts';
import { parseEpcisDocument, type ParsedDocument } from '../domain/epcis.ts';
import {
  FTL_ATTRIBUTE,
  listedValue,
  missingKeyDataElements,
  traceabilityLotCodeProblems,
} from '../domain/fsma204.ts';
import { faultPoint } from './fault-point.ts';
import { normaliseEvent } from './normalise/epcis.normaliser.ts';
import { AppError } from '../domain/errors.ts';
import type { TraceEvent } from '../domain/trace-event.ts';
import {
  appendEntries,
  entryFromLog,
  logEntriesOf,
  writeAnalytics,
  type MasterDataEntry,
  type NewEntry,
} from './event-log.ts';
import { buildGraphBatch } from './projectors/graph.projector.ts';

export interface Stores {
  duck: DuckStore;
  graph: GraphStore;
}

export type Progress = (msg: string) => void;

export interface IngestReport {
  /** events read from the input */
  read: number;
  /** event ids newly captured, in log order */
  captured: string[];
  /** event ids that were already captured (nothing changed for them) */
  duplicates: string[];
  masterData: { captured: number; duplicates: number };
  /** whether the graph projection has caught up with this input */
  graph: 'projected' | 'pending';
}

const PAGE = 5_000;

/** Keeps the graph projection caught up with the log; one catch-up at a time. */
export class GraphProjector {
  private running: Promise<number> | null = null;
  private pending: Promise<number> | null = null;
  /** resolves when no one holds the projection still (see whilePaused) */
  private held: Promise<void> = Promise.resolve();
  /** the next try after a catch-up found Neo4j unreachable, and how long it waits */
  private retry: { timer: NodeJS.Timeout | null; delayMs: number } = { timer: null, delayMs: 0 };
  private stopped = false;

  /** what the last catch-up's batch writer did (the benches report it) */
  lastRun: BatchWriterStats | null = null;
  private readonly retryMs: { first: number; max: number };
  private readonly inFlight: 1 | 2;
  private readonly pageSize: number;

  constructor(
    private readonly stores: Stores,
    opts: {
      /** first and longest wait before trying again after Neo4j was unreachable */
      retryMs?: { first: number; max: number };
      /** batches written at once where they cannot interfere (decision 047) */
      inFlight?: 1 | 2;
      /** log entries a batch */
      pageSize?: number;
    } = {},
  ) {
    this.retryMs = opts.retryMs ?? { first: 1_000, max: 10_000 };
    this.inFlight = opts.inFlight ?? 2;
    this.pageSize = opts.pageSize ?? PAGE;
  }

  /** Applies every log entry after the graph's checkpoint; resolves to the checkpoint reached. */
  catchUp(onProgress?: Progress): Promise<number> {
    if (!this.running) {
      const held = this.held;
      this.running = held
        .then(() => this.loop(onProgress))
        .then(
          (seq) => {
            this.retry.delayMs = 0;
            return seq;
          },
          (err: unknown) => {
            // Neo4j is away: the log holds everything; try again by itself until it is back.
            if (err instanceof AppError && err.code === 'STORE_UNAVAILABLE') this.retryLater();
            throw err;
          },
        )
        .finally(() => {
          this.running = null;
        });
      return this.running;
    }
    // One is under way: run once more after it, so entries appended meanwhile are applied too.
    this.pending ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.pending = null;
        return this.catchUp(onProgress);
      });
    return this.pending;
  }

  private async loop(onProgress?: Progress): Promise<number> {
    // Moved by another writer since it was read: start again from where it is now.
    for (let attempt = 1; ; attempt++)
      try {
        return await this.applyLog(onProgress);
      } catch (err) {
        if (!(err instanceof CheckpointMoved) || attempt === 3) throw err;
      }
  }

  private async applyLog(onProgress?: Progress): Promise<number> {
    const { duck, graph } = this.stores;
    let seq = await graphCheckpoint(graph);
    const end = await lastSeq(duck);
    const start = seq;
    // Two batches in flight where they cannot interfere; each commits whole, and the checkpoint
    // moves in log order only (decision 047).
    const writer = new GraphBatchWriter(graph, {
      from: seq,
      beforeCommit: () => faultPoint('graph-commit'),
      inFlight: this.inFlight,
    });
    this.lastRun = writer.stats;
    let told = start;
    for (;;) {
      const rows = await readLog(duck, seq, this.pageSize);
      if (rows.length === 0) break;
      const events: TraceEvent[] = [];
      const master: MasterDataEntry[] = [];
      for (const row of rows) {
        const e = entryFromLog(row);
        if (e.kind === 'event') events.push(e.event);
        else master.push(e.element);
      }
      seq = rows[rows.length - 1]!.seq;
      await writer.push(buildGraphBatch(events, master, seq));
      if (onProgress && end > start && writer.committed > told) {
        told = writer.committed;
        onProgress(`graph: ${Math.min(told, end) - start}/${end - start} log entries applied`);
      }
    }
    const reached = await writer.finish();
    if (onProgress && end > start && reached > told)
      onProgress(`graph: ${Math.min(reached, end) - start}/${end - start} log entries applied`);
    return reached;
  }

  /**
   * Runs `fn` while the graph stays at its checkpoint: a catch-up under way finishes first, and
   * catch-ups asked for meanwhile wait until `fn` is done (the consistency check reads the graph so).
   */
  async whilePaused<T>(fn: () => Promise<T>): Promise<T> {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const before = this.held;
    const underWay = this.running;
    this.held = before.then(() => gate);
    try {
      await before;
      await underWay?.catch(() => undefined);
      return await fn();
    } finally {
      release();
    }
  }

  /** Schedules one more catch-up, waiting longer after each failed one (1 s, 2 s, … 10 s). */
  private retryLater(): void {
    if (this.stopped || this.retry.timer) return;
    const delay = Math.min(
      this.retryMs.max,
      this.retry.delayMs ? this.retry.delayMs * 2 : this.retryMs.first,
    );
    this.retry.delayMs = delay;
    this.retry.timer = setTimeout(() => {
      this.retry.timer = null;
      this.catchUp().catch(() => undefined);
    }, delay);
    // A waiting retry never keeps a process alive by itself.
    this.retry.timer.unref();
  }

  /** Stops retrying (the stores are closing). */
  stop(): void {
    this.stopped = true;
    if (this.retry.timer) clearTimeout(this.retry.timer);
    this.retry.timer = null;
  }

  /** How many log entries the graph has not applied yet. */
  async lag(): Promise<number> {
    return (await lastSeq(this.stores.duck)) - (await graphCheckpoint(this.stores.graph));
  }
}

/**
 * Captures one EPCIS 2.0 document (EPCISDocument or EPCISQueryDocument, parsed JSON):
 * validates all of it (a document with any problem stores nothing), appends new events and
 * master data to the log, then brings the graph up to date.
 */
export async function ingestDocument(
  stores: Stores,
  projector: GraphProjector,
  json: unknown,
  opts: {
    /** where the input came from: api, file:<path>, demo */
    source: string;
    /** who captures it, for the audit trail (defaults to the source) */
    actor?: string;
    onProgress?: Progress;
    /** false: leave the graph to a later catch-up (bulk loads) */
    project?: boolean;
    /** false: refuse events that place or release a hold (the caller may not hold stock) */
    allowHolds?: boolean;
  },
): Promise<IngestReport> {
  const parsed = parseEpcisDocument(json);
  if (!parsed.ok)
    throw new AppError('INVALID_EPCIS', `the EPCIS document has ${parsed.problems.length} problem(s)`, {
      problems: parsed.problems,
    });
  const { doc } = parsed;
  await checkFoodTraceability(stores.duck, doc);
  if (opts.allowHolds === false) {
    const problems = doc.events
      .filter(({ event }) => 'lg:hold' in event)
      .map(({ pointer }) => ({
        pointer: `${pointer}/lg:hold`,
        field: 'lg:hold',
        reason: 'placing or releasing a hold needs the hold:write permission',
      }));
    if (problems.length)
      throw new AppError('FORBIDDEN', `the document places or releases ${problems.length} hold(s)`, {
        problems,
      });
  }
  const entries: NewEntry[] = logEntriesOf(doc);
  const r = await appendEntries(stores.duck, entries, opts.source, opts.actor ?? opts.source);
  const mdIds = new Set(entries.filter((e) => e.kind === 'masterdata').map((e) => e.id));
  const report: IngestReport = {
    read: doc.events.length,
    captured: r.appended.filter((a) => !mdIds.has(a.id)).map((a) => a.id),
    duplicates: r.duplicates.filter((id) => !mdIds.has(id)),
    masterData: {
      captured: r.appended.filter((a) => mdIds.has(a.id)).length,
      duplicates: r.duplicates.filter((id) => mdIds.has(id)).length,
    },
    graph: 'pending',
  };
  if (opts.project === false) return report;
  try {
    const reached = await projector.catchUp(opts.onProgress);
    report.graph = reached >= r.lastSeq ? 'projected' : 'pending';
  } catch (err) {
    // The log holds the events; the graph catches up when Neo4j is back.
    if (!(err instanceof AppError && err.code === 'STORE_UNAVAILABLE')) throw err;
  }
  return report;
}

/**
 * FDA FSMA 204: a critical tracking event of a food on the Food Traceability List (EPCClass
 * master data `lg:ftl`, stored or in the same document) must carry its key data elements, and a
 * traceability lot code may be assigned only where 21 CFR 1.1320 allows; a document with any
 * problem is refused whole. Costs one small master-data query when no food is listed.
 */
async function checkFoodTraceability(duck: DuckStore, doc: ParsedDocument): Promise<void> {
  const listed = await foodTraceabilityList(duck);
  for (const m of doc.masterData)
    if (m.type === 'urn:epcglobal:epcis:vtype:EPCClass' && FTL_ATTRIBUTE in m.attributes) {
      if (listedValue(m.attributes[FTL_ATTRIBUTE])) listed.add(m.id);
      else listed.delete(m.id);
    }
  if (!listed.size) return;
  const normalised = doc.events.map(({ event, pointer }) => ({
    event,
    pointer,
    t: normaliseEvent(event, '', 0, doc.context),
  }));
  const named = (t: TraceEvent) => [
    ...t.objects,
    ...t.inputs,
    ...t.outputs,
    ...t.children,
    ...(t.parent ? [t.parent] : []),
  ];
  // the event of the document that names each object first
  const firstNamedIn = new Map<string, number>();
  normalised.forEach(({ t }, i) => {
    for (const r of named(t)) if (!firstNamedIn.has(r.key)) firstNamedIn.set(r.key, i);
  });
  const known = await knownObjects(duck, [...firstNamedIn.keys()]);
  const keys = [...new Set(normalised.flatMap(({ t }) => [...t.objects, ...t.inputs].map((r) => r.key)))];
  const stored = await materialsOf(duck, keys);
  // objects made earlier in the same document
  for (const { t } of normalised)
    if (t.lot.material)
      for (const r of [...(t.action === 'ADD' ? t.objects : []), ...t.outputs])
        if (!stored.has(r.key)) stored.set(r.key, t.lot.material);
  const problems = normalised.flatMap(({ event, pointer, t }, i) => {
    const food = {
      materialOf: (k: string) => stored.get(k),
      onList: (m: string) => listed.has(m),
      isNew: (k: string) => !known.has(k) && firstNamedIn.get(k) === i,
    };
    return [
      ...missingKeyDataElements(event, t, pointer, food),
      ...traceabilityLotCodeProblems(t, pointer, food),
    ];
  });
  if (problems.length)
    throw new AppError(
      'INVALID_EPCIS',
      `the document has ${problems.length} FSMA 204 problem(s) with foods on the Food Traceability List`,
      { problems },
    );
}

/**
 * Captures many documents (a demo, a large import): every document is validated and logged in
 * its own transaction, then the graph catches up once. Shows progress.
 */
export async function ingestMany(
  stores: Stores,
  projector: GraphProjector,
  documents: Iterable<unknown>,
  opts: { source: string; actor?: string; onProgress?: Progress },
): Promise<{ read: number; captured: number; duplicates: number }> {
  const total = { read: 0, captured: 0, duplicates: 0 };
  // The graph follows the log while further documents are logged: Neo4j works in its own
  // process, so the two overlap. A failed catch-up is retried by the final one.
  let following: Promise<unknown> = Promise.resolve();
  for (const doc of documents) {
    const r = await ingestDocument(stores, projector, doc, {
      ...opts,
      onProgress: undefined,
      project: false,
    });
    total.read += r.read;
    total.captured += r.captured.length;
    total.duplicates += r.duplicates.length;
    opts.onProgress?.(
      `log: ${total.read} events read, ${total.captured} captured, ${total.duplicates} duplicates`,
    );
    following = projector.catchUp().catch(() => undefined);
  }
  await following;
  await projector.catchUp(opts.onProgress);
  return total;
}

/** Replays the whole log into empty projections (DuckDB analytic tables and the graph). */
export async function rebuild(
  stores: Stores,
  projector: GraphProjector,
  opts: { actor: string; onProgress?: Progress },
): Promise<{ entries: number }> {
  const { duck, graph } = stores;
  const { onProgress } = opts;
  const end = await lastSeq(duck);
  onProgress?.('rebuild: emptying the projections');
  await clearGraph(graph);
  await duck.transaction(async (tx) => {
    await clearAnalytics(tx);
    await appendAudit(tx, {
      actor: opts.actor,
      action: 'projections.rebuild',
      subject: 'graph, analytic tables',
      before: null,
      after: { logSeq: end },
      reason: null,
    });
  });
  let seq = 0;
  for (;;) {
    const rows = await readLog(duck, seq, PAGE);
    if (rows.length === 0) break;
    const events: TraceEvent[] = [];
    const masterRows: unknown[][] = [];
    for (const row of rows) {
      const e = entryFromLog(row);
      if (e.kind === 'event') events.push(e.event);
      else masterRows.push([row.seq, e.element.type, e.element.id, JSON.stringify(e.element.attributes)]);
    }
    await duck.transaction((tx) => writeAnalytics(tx, events, masterRows));
    seq = rows[rows.length - 1]!.seq;
    onProgress?.(`rebuild: analytics ${seq}/${end}`);
  }
  await projector.catchUp(onProgress);
  return { entries: end };
}
