// The consistency check (`lotgraph check`, GET /api/check): the event log against both
// projections. Counts and order-independent hashes (SHA-256 over the sorted ids) of events,
// master data, objects, operations, inspections, shipments and genealogy links, the log's
// positions without gaps, and the graph's checkpoint against the log's last position.
import { createHash } from 'node:crypto';
import { duckProjectionIds, logExtent } from '../analytics/check.store.ts';
import { lastSeq, readLog } from '../analytics/event-log.store.ts';
import { graphProjectionIds } from '../cypher/check.ts';
import { graphCheckpoint } from '../cypher/projection.ts';
import { entryFromLog } from './event-log.ts';
import type { GraphProjector, Progress, Stores } from './ingest.ts';
import { DuckSummary, GraphSummary } from './projectors/summary.projector.ts';

/** What one store should hold of one kind of thing, and what it holds. */
export interface SetCheck {
  what:
    | 'events'
    | 'masterData'
    | 'objects'
    | 'eventObjects'
    | 'operations'
    | 'inspections'
    | 'shipments'
    | 'links';
  store: 'duckdb' | 'neo4j';
  /** worked out from the log */
  expected: SetSummary;
  /** read from the store */
  actual: SetSummary;
  ok: boolean;
  /** up to 10 ids the log implies and the store lacks (or holds fewer times) */
  missing: string[];
  /** up to 10 ids the store holds that the log does not imply (or holds more times) */
  unexpected: string[];
}

/** A count and SHA-256 over the sorted ids, one per line; null where only rows are counted. */
export interface SetSummary {
  count: number;
  sha256: string | null;
}

export interface CheckReport {
  /** consistent, and the graph has applied the whole log */
  ok: boolean;
  /** every store agrees with the log up to the position it has applied */
  consistent: boolean;
  log: {
    entries: number;
    events: number;
    masterData: number;
    lastSeq: number;
    /** positions run 1..lastSeq, each once */
    gapFree: boolean;
  };
  graph: {
    checkpoint: number;
    /** log entries the graph has not applied yet (negative: the graph claims more than the log has) */
    lag: number;
  };
  sets: SetCheck[];
  checkedAt: string;
  tookMs: number;
}

const SAMPLE = 10;

/** SHA-256 over the sorted ids, one per line (the same whatever order a store returns them in). */
export function setHash(sortedIds: readonly string[]): string {
  const h = createHash('sha256');
  for (const id of sortedIds) h.update(id).update('\n');
  return h.digest('hex');
}

const sorted = (ids: readonly string[]) => [...ids].sort();

/** Compares two lists of ids as multisets: a doubled id counts as unexpected. */
export function compareIds(
  what: SetCheck['what'],
  store: SetCheck['store'],
  expectedIds: readonly string[],
  actualIds: readonly string[],
): SetCheck {
  const exp = sorted(expectedIds);
  const act = sorted(actualIds);
  const missing: string[] = [];
  const unexpected: string[] = [];
  let i = 0;
  let j = 0;
  while (i < exp.length || j < act.length) {
    if (j >= act.length || (i < exp.length && exp[i]! < act[j]!)) {
      if (missing.length < SAMPLE) missing.push(exp[i]!);
      i++;
    } else if (i >= exp.length || act[j]! < exp[i]!) {
      if (unexpected.length < SAMPLE) unexpected.push(act[j]!);
      j++;
    } else {
      i++;
      j++;
    }
  }
  const expected = { count: exp.length, sha256: setHash(exp) };
  const actual = { count: act.length, sha256: setHash(act) };
  return {
    what,
    store,
    expected,
    actual,
    ok: expected.sha256 === actual.sha256,
    missing,
    unexpected,
  };
}

const countOnly = (what: SetCheck['what'], store: SetCheck['store'], expected: number, actual: number) => ({
  what,
  store,
  expected: { count: expected, sha256: null },
  actual: { count: actual, sha256: null },
  ok: expected === actual,
  missing: [],
  unexpected: [],
});

const PAGE = 5_000;

/**
 * Checks the log against both projections. Read-only. With a projector (a running server), its
 * catch-ups wait while the graph is read, so the graph stays at its checkpoint; capture goes on
 * into the log, and the check stops at the log position it started from.
 */
export async function checkConsistency(
  stores: Stores,
  opts: { projector?: GraphProjector; onProgress?: Progress } = {},
): Promise<CheckReport> {
  const started = Date.now();
  const { duck, graph } = stores;
  const read = async () => {
    const checkpoint = await graphCheckpoint(graph);
    const end = await lastSeq(duck);
    const graphIds = await graphProjectionIds(graph);
    return { checkpoint, end, graphIds };
  };
  const { checkpoint, end, graphIds } = opts.projector
    ? await opts.projector.whilePaused(read)
    : await read();
  const extent = await logExtent(duck, end);
  const duckIds = await duckProjectionIds(duck, end);

  const expectDuck = new DuckSummary();
  const expectGraph = new GraphSummary();
  let events = 0;
  let masterData = 0;
  for (let after = 0; after < end;) {
    const rows = (await readLog(duck, after, PAGE)).filter((r) => r.seq <= end);
    if (rows.length === 0) break;
    for (const row of rows) {
      const e = entryFromLog(row);
      if (e.kind === 'masterdata') {
        masterData++;
        expectDuck.addMasterData(row.seq);
        continue;
      }
      events++;
      expectDuck.addEvent(e.event);
      if (row.seq <= checkpoint) expectGraph.addEvent(e.event);
    }
    after = rows[rows.length - 1]!.seq;
    opts.onProgress?.(`check: ${after}/${end} log entries read`);
  }

  const d = expectDuck.result();
  const g = expectGraph.result();
  const sets: SetCheck[] = [
    compareIds('events', 'duckdb', d.events, duckIds.events),
    compareIds('masterData', 'duckdb', d.masterData, duckIds.masterData),
    compareIds('objects', 'duckdb', d.objects, duckIds.objects),
    countOnly('eventObjects', 'duckdb', d.eventObjects, duckIds.eventObjects),
    compareIds('operations', 'duckdb', d.operations, duckIds.operations),
    compareIds('inspections', 'duckdb', d.inspections, duckIds.inspections),
    compareIds('shipments', 'duckdb', d.shipments, duckIds.shipments),
    compareIds('objects', 'neo4j', g.objects, graphIds.objects),
    compareIds('operations', 'neo4j', g.operations, graphIds.operations),
    compareIds('inspections', 'neo4j', g.inspections, graphIds.inspections),
    compareIds('shipments', 'neo4j', g.shipments, graphIds.shipments),
    compareIds('links', 'neo4j', g.links, graphIds.links),
  ];
  const lag = end - checkpoint;
  const consistent =
    extent.gapFree && extent.entries === events + masterData && lag >= 0 && sets.every((s) => s.ok);
  return {
    ok: consistent && lag === 0,
    consistent,
    log: { entries: extent.entries, events, masterData, lastSeq: end, gapFree: extent.gapFree },
    graph: { checkpoint, lag },
    sets,
    checkedAt: new Date(started).toISOString(),
    tookMs: Date.now() - started,
  };
}
