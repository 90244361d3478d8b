// Typed trace queries (cypher/queries/trace). Rows come back as plain maps, checked by zod.
import { z } from 'zod';
import type { GraphStore } from './neo4j.ts';
import { defineQuery } from './query.ts';
import { graphCheckpoint, onGraphChange } from './projection.ts';
import { reachIndexOf, type ReachLayers } from './reach-index.ts';

const str = z.string();
const optStr = z.string().nullish();
const optNum = z.number().nullish();

const item = z.looseObject({
  key: str,
  id: str,
  code: str,
  kind: z.enum(['lot', 'unit', 'container']),
  status: optStr,
  material: optStr,
  materialName: optStr,
  materialType: optStr,
  receivedQty: optNum,
  uom: optStr,
});
// toId: the target's id (forward rows carry it, for links to objects outside a page)
const feed = z.object({ from: str, to: str, toId: optStr, qty: optNum, uom: optStr, operation: str });

const resolve = defineQuery('trace/resolve_item', {
  params: z.object({ id: str, key: str, supplier: str.nullable() }),
  row: z.object({ key: str, id: str, kind: str, code: str, material: optStr, rank: z.number() }),
  mode: 'READ',
});

const backward = defineQuery('trace/trace_backward', {
  params: z.object({ key: str }),
  row: z.object({
    item,
    feeds: z.array(feed),
    ops: z.array(
      z.object({
        id: str,
        step: optStr,
        start: optStr,
        end: optStr,
        line: optStr,
        equipment: optStr,
        operator: optStr,
        workOrder: optStr,
        qty: optNum,
        uom: optStr,
      }),
    ),
    suppliers: z.array(z.object({ id: str, name: optStr })),
    inspections: z.array(
      z.object({
        id: str,
        kind: optStr,
        result: optStr,
        time: optStr,
        sampleSize: optNum,
        defectiveQty: optNum,
        defects: z.array(z.object({ code: str, qty: optNum, severity: optStr })),
      }),
    ),
  }),
  mode: 'READ',
});

// The same rows for objects the reach index found (the root and its ancestors, by key), with the
// graph checkpoint read after them.
const backwardItems = defineQuery('trace/trace_backward_items', {
  params: z.object({ keys: z.array(str), checkpoint: str }),
  row: z.object({ rows: z.array(backward.row), seq: z.number() }),
  mode: 'READ',
});

const forward = defineQuery('trace/trace_forward', {
  params: z.object({ key: str }),
  row: z.object({
    item: item.extend({
      producedQty: optNum,
      consumedQty: optNum,
      consumed: z.boolean(),
      location: optStr,
      locationName: optStr,
      workOrder: optStr,
    }),
    feeds: z.array(feed),
  }),
  mode: 'READ',
});

// The same rows for objects the reach index found (the root and its descendants, by key).
const forwardItems = defineQuery('trace/trace_forward_items', {
  params: z.object({ keys: z.array(str) }),
  row: forward.row,
  mode: 'READ',
});

const packedIn = defineQuery('trace/packed_in', {
  params: z.object({ keys: z.array(str) }),
  row: z.object({
    child: str,
    parent: str,
    parentId: str,
    parentCode: str,
    since: str,
    until: optStr,
    qty: optNum,
    uom: optStr,
  }),
  mode: 'READ',
});

const carriedBy = defineQuery('trace/carried_by', {
  params: z.object({ keys: z.array(str) }),
  row: z.object({
    key: str,
    shipment: str,
    time: str,
    customer: optStr,
    customerName: optStr,
    qty: optNum,
    uom: optStr,
  }),
  mode: 'READ',
});

const reachForward = defineQuery('trace/reach_forward', {
  params: z.object({ keys: z.array(str) }),
  row: z.object({ keys: z.array(str), lots: z.number(), units: z.number(), containers: z.number() }),
  mode: 'READ',
});

export type ResolvedItem = z.output<typeof resolve.row>;
export type BackwardRow = z.output<typeof backward.row>;
export type ForwardRow = z.output<typeof forward.row>;
export type PackedInRow = z.output<typeof packedIn.row>;
export type CarriedByRow = z.output<typeof carriedBy.row>;

/** The objects an identifier may name, best match first (exact id beats code beats supplier lot). */
export const resolveItem = (graph: GraphStore, id: string, key: string, supplier: string | null = null) =>
  resolve.run(graph, { id, key, supplier });
/**
 * Every ancestor of an object, once, with what made it (the root first). The ancestors come from
 * the graph's reach index when it is exactly as fresh as the graph, their details from Neo4j by
 * key (traceBackwardRowsByIndex); otherwise trace/trace_backward answers.
 */
export async function traceBackwardRows(graph: GraphStore, key: string): Promise<BackwardRow[]> {
  return (await traceBackwardRowsByIndex(graph, key)) ?? backward.run(graph, { key });
}
/**
 * Birth-record rows of single objects as read at one graph checkpoint, shared by every birth
 * record until the checkpoint moves (decision 043). A unit's ancestors (its lot, the blends and
 * intermediates, the supplier lots) are the same for thousands of units, so most records read
 * only the unit itself from Neo4j. Rows are frozen: callers copy, never change them.
 */
class BackwardRowCache {
  private seq = -1;
  private readonly rows = new Map<string, BackwardRow>();
  constructor(private readonly capacity: number) {}
  /** The row of `key` at checkpoint `seq`, if read at that checkpoint (now the last out). */
  get(key: string, seq: number): BackwardRow | undefined {
    if (seq !== this.seq) return undefined;
    const row = this.rows.get(key);
    if (row) {
      this.rows.delete(key);
      this.rows.set(key, row);
    }
    return row;
  }
  /** Keeps rows read at checkpoint `seq` (a later checkpoint empties the cache first). */
  keep(rows: readonly BackwardRow[], seq: number): void {
    if (seq < this.seq) return; // an answer older than what is kept
    if (seq !== this.seq) {
      this.rows.clear();
      this.seq = seq;
    }
    for (const r of rows) {
      // the least recently used first out, past the capacity
      if (this.rows.size >= this.capacity) this.rows.delete(this.rows.keys().next().value!);
      this.rows.set(r.item.key, freezeRow(r));
    }
  }
  /** Forgets every row (a batch is about to change the graph, or the graph is emptied). */
  clear(): void {
    this.rows.clear();
    this.seq = -1;
  }
  get size() {
    return this.rows.size;
  }
}
const freezeRow = (r: BackwardRow): BackwardRow => {
  for (const list of [r.feeds, r.ops, r.suppliers, r.inspections]) {
    for (const x of list) Object.freeze(x);
    Object.freeze(list);
  }
  Object.freeze(r.item);
  return Object.freeze(r);
};
/**
 * Objects whose rows a graph's cache keeps: 10,000, some 30 MB of heap at most (a row with its
 * lists is a few KB of objects; 50,000 rows added about 175 MB to the bench process).
 */
export const BACKWARD_ROW_CACHE_OBJECTS = 10_000;
const rowCaches = new WeakMap<GraphStore, BackwardRowCache>();
const rowCacheOf = (graph: GraphStore) => {
  let c = rowCaches.get(graph);
  if (!c) {
    const cache = (c = new BackwardRowCache(BACKWARD_ROW_CACHE_OBJECTS));
    rowCaches.set(graph, cache);
    // A rebuild may end at a checkpoint seen before: what was kept goes with the old graph.
    onGraphChange(graph, {
      before: async () => cache.clear(),
      after: async () => undefined,
      cleared: () => cache.clear(),
    });
  }
  return c;
};

/**
 * The birth-record rows from the reach index's ancestors, with the details of each object from
 * the rows kept at the index's checkpoint or, for those not kept, one keyed read that also
 * returns the graph checkpoint (so the freshness check costs no round trip of its own; with
 * every row kept, the checkpoint alone is read). Null when there is no index, it cannot answer
 * now, or the checkpoint read is not the one it reflects.
 */
export async function traceBackwardRowsByIndex(
  graph: GraphStore,
  key: string,
): Promise<BackwardRow[] | null> {
  const index = reachIndexOf(graph);
  const found = index?.ancestorsNow(key);
  if (!index || !found) return null;
  const cache = rowCacheOf(graph);
  // taken before anything new is kept (keeping may push the oldest out)
  const kept = found.keys.map((k) => cache.get(k, found.seq));
  const missing = found.keys.filter((_, i) => !kept[i]);
  if (missing.length) {
    const [r] = await backwardItems.run(graph, { keys: missing, checkpoint: 'graph' });
    if (!r || r.seq !== found.seq || !index.stillAt(found.seq)) return null;
    // Not the root's row: a unit is asked for once, its ancestors by thousands of units (and
    // another caller asking for the same root then reads it again, as a bench engine after another).
    cache.keep(
      r.rows.filter((row) => row.item.key !== key),
      found.seq,
    );
    if (missing.length === found.keys.length) return r.rows;
    const read = new Map(r.rows.map((row) => [row.item.key, row]));
    return found.keys.flatMap((k, i) => kept[i] ?? read.get(k) ?? []);
  }
  const at = await graphCheckpoint(graph);
  if (at !== found.seq || !index.stillAt(found.seq)) return null;
  return kept as BackwardRow[];
}
/** How many objects' birth-record rows are kept for `graph` (tests, diagnostics). */
export const backwardRowsKept = (graph: GraphStore) => rowCaches.get(graph)?.size ?? 0;
/** The same by trace/trace_backward only (the reference). */
export const traceBackwardRowsByQuery = (graph: GraphStore, key: string) => backward.run(graph, { key });
/**
 * Every descendant of an object, once, with the quantities made and consumed. The descendants
 * come from the graph's reach index when it is exactly as fresh as the graph (their details from
 * Neo4j by key), otherwise from trace/trace_forward's own expand.
 */
export async function traceForwardRows(graph: GraphStore, key: string) {
  const keys = await reachIndexOf(graph)?.descendants([key]);
  return keys ? forwardItems.run(graph, { keys }) : forward.run(graph, { key });
}
/**
 * An object's FEEDS descendants by layer (layer d: d links downstream at the nearest, keys
 * sorted) and the containers holding them: from the reach index when it is exactly as fresh as
 * the graph, otherwise from trace/trace_forward and trace/reach_forward (the reference).
 */
export async function traceForwardLayers(graph: GraphStore, key: string): Promise<ReachLayers> {
  return (await reachIndexOf(graph)?.forwardLayers(key)) ?? traceForwardLayersByQuery(graph, key);
}
/** The same by the Cypher queries only. */
export async function traceForwardLayersByQuery(graph: GraphStore, key: string): Promise<ReachLayers> {
  const seq = await graphCheckpoint(graph);
  const rows = await forward.run(graph, { key });
  const [reach] = await reachForward.run(graph, { keys: [key] });
  const kindOf = new Map(rows.map((r) => [r.item.key, r.item.kind]));
  const next = new Map(rows.map((r) => [r.item.key, r.feeds.map((f) => f.to)]));
  const seen = new Set([key]);
  const layers: ReachLayers['layers'] = [];
  for (let frontier = [key]; frontier.length;) {
    const kinds = frontier.map((k) => kindOf.get(k));
    layers.push({
      keys: [...frontier].sort(),
      lots: kinds.filter((k) => k === 'lot').length,
      units: kinds.filter((k) => k === 'unit').length,
    });
    const after: string[] = [];
    for (const k of frontier)
      for (const to of next.get(k) ?? [])
        if (!seen.has(to)) {
          seen.add(to);
          after.push(to);
        }
    frontier = after;
  }
  return { layers, containers: reach?.containers ?? 0, seq };
}
/** The rows of trace/trace_forward for the given objects (a page of a layer), by key. */
export const traceForwardRowsOf = (graph: GraphStore, keys: string[]) => forwardItems.run(graph, { keys });
/** The same by trace/trace_forward only (the reference). */
export const traceForwardRowsByQuery = (graph: GraphStore, key: string) => forward.run(graph, { key });
/**
 * The recall reach of several objects at once: the keys of every object downstream and of the
 * containers holding them. Answered by the graph's reach index when it is exactly as fresh as
 * the graph (cypher/reach-index.ts), otherwise by trace/reach_forward, the reference.
 */
export async function traceForwardReach(graph: GraphStore, keys: string[]) {
  const indexed = await reachIndexOf(graph)?.reachForward(keys);
  return indexed ? [indexed] : reachForward.run(graph, { keys });
}
/** The same by the Cypher query only (the reference the reach index is checked against). */
export const traceForwardReachByQuery = (graph: GraphStore, keys: string[]) =>
  reachForward.run(graph, { keys });
/**
 * Packing relationships one level up from objects or containers. Neo4j is asked about the keys
 * the reach index knows to be packed (all of them when it is not as fresh as the graph).
 */
export async function packedInRows(graph: GraphStore, keys: string[]) {
  const asked = (await reachIndexOf(graph)?.having(keys, 'packing')) ?? keys;
  return asked.length ? packedIn.run(graph, { keys: asked }) : [];
}
/** Shipments that carried objects or containers themselves (asked as packedInRows asks). */
export async function carriedByRows(graph: GraphStore, keys: string[]) {
  const asked = (await reachIndexOf(graph)?.having(keys, 'carriers')) ?? keys;
  return asked.length ? carriedBy.run(graph, { keys: asked }) : [];
}
/** The same by Cypher only, every key asked (the reference). */
export const packedInRowsByQuery = (graph: GraphStore, keys: string[]) => packedIn.run(graph, { keys });
export const carriedByRowsByQuery = (graph: GraphStore, keys: string[]) => carriedBy.run(graph, { keys });

/** Every trace statement by name, for the EXPLAIN and PROFILE checks. */
export const traceQueries = {
  resolve,
  backward,
  backwardItems,
  forward,
  forwardItems,
  packedIn,
  carriedBy,
  reachForward,
};
