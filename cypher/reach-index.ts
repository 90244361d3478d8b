// The reach index: the genealogy's adjacency (FEEDS both ways, PACKED_IN with its time spans,
// the times of the shipments carrying each object) in typed arrays beside the API, so that the
// recall reach of many sources (a supplier-wide recall) or of one hub lot is a BFS in memory
// instead of one pruning expand per source in Neo4j (docs/decisions/032).
//
// Loaded from Neo4j at start-up in pages; kept up to date after every projection batch by
// reading the touched objects' relationships again once the batch has committed, so whatever
// the projection does (corrections, unpacking, error declarations) reaches it as the graph has
// it. It answers only when it reflects exactly the graph checkpoint Neo4j shows at that moment;
// otherwise the caller runs the Cypher query (trace/reach_forward), which stays the reference.
import { z } from 'zod';
import type { GraphStore } from './neo4j.ts';
import { graphCheckpoint, onGraphChange, type GraphBatch } from './projection.ts';
import { defineQuery } from './query.ts';

const str = z.string();
const optStr = z.string().nullish();
const span = { since: optStr, until: optStr };

const page = defineQuery('trace/reach_index_page', {
  params: z.object({ after: str, limit: z.number().int().positive() }),
  row: z.object({
    key: str,
    kind: optStr,
    feeds: z.array(str),
    packed: z.array(z.object({ parent: str, ...span })),
    carriers: z.array(str),
  }),
  mode: 'READ',
});

const touched = defineQuery('trace/reach_index_touched', {
  params: z.object({ keys: z.array(str), ops: z.array(str) }),
  row: z.object({
    key: str,
    kind: optStr,
    feeds: z.array(str),
    feedsIn: z.array(str),
    packed: z.array(z.object({ parent: str, ...span })),
    packedIn: z.array(z.object({ child: str, ...span })),
    carriers: z.array(str),
  }),
  mode: 'READ',
});

/** No value (a null time, no node). */
const NONE = -1;
/** The packing nesting the trace service and reach_forward follow (docs/decisions/004). */
export const MAX_NESTING = 8;
const KIND_CODE: Record<string, number> = { lot: 1, unit: 2, container: 3 };
/** forwardLayers answers kept (the traces being paged through at one time) */
const LAYERS_KEPT = 4;

/**
 * Per-node lists of fixed-width int entries: compressed sparse rows as loaded, with the lists of
 * nodes changed since held beside them until the next compaction.
 */
const EMPTY_ROWS = new Int32Array(0);
class Lists {
  private offsets: Int32Array;
  private data: Int32Array;
  private baseNodes: number;
  private readonly over = new Map<number, Int32Array>();

  constructor(
    readonly width: number,
    offsets = new Int32Array(1),
    data = new Int32Array(0),
  ) {
    this.offsets = offsets;
    this.data = data;
    this.baseNodes = offsets.length - 1;
  }

  /** Builds the rows of `n` nodes from columns: owner per entry and `width` value columns. */
  static build(width: number, n: number, owner: Int32Array, cols: Int32Array[], count: number): Lists {
    const offsets = new Int32Array(n + 1);
    for (let e = 0; e < count; e++) offsets[owner[e]! + 1]!++;
    for (let v = 0; v < n; v++) offsets[v + 1]! += offsets[v]!;
    const fill = offsets.slice(0, n);
    const data = new Int32Array(count * width);
    for (let e = 0; e < count; e++) {
      const at = fill[owner[e]!]!++ * width;
      for (let c = 0; c < width; c++) data[at + c] = cols[c]![e]!;
    }
    return new Lists(width, offsets, data);
  }

  /** Where v's entries are, without allocating: `at` holds them from `lo` to `hi` (copy these at once). */
  at: Int32Array = EMPTY_ROWS;
  lo = 0;
  hi = 0;
  span(v: number): void {
    const o = this.over.size ? this.over.get(v) : undefined;
    if (o) {
      this.at = o;
      this.lo = 0;
      this.hi = o.length;
    } else if (v < this.baseNodes) {
      this.at = this.data;
      this.lo = this.offsets[v]! * this.width;
      this.hi = this.offsets[v + 1]! * this.width;
    } else this.hi = this.lo = 0;
  }

  /** The node's entries (a view: read it before the next change). */
  get(v: number): Int32Array {
    const o = this.over.get(v);
    if (o) return o;
    if (v >= this.baseNodes) return EMPTY;
    return this.data.subarray(this.offsets[v]! * this.width, this.offsets[v + 1]! * this.width);
  }

  set(v: number, entries: Int32Array): void {
    this.over.set(v, entries);
  }

  /** Folds the changed lists into the rows once they are many. */
  compactIfNeeded(n: number): void {
    if (this.over.size < Math.max(4096, this.baseNodes >> 3)) return;
    const offsets = new Int32Array(n + 1);
    for (let v = 0; v < n; v++) offsets[v + 1] = offsets[v]! + this.get(v).length / this.width;
    const data = new Int32Array(offsets[n]! * this.width);
    for (let v = 0; v < n; v++) data.set(this.get(v), offsets[v]! * this.width);
    this.offsets = offsets;
    this.data = data;
    this.baseNodes = n;
    this.over.clear();
  }

  /** How many entries all nodes hold. */
  entries(): number {
    let c = this.offsets[this.baseNodes]!;
    for (const [v, o] of this.over) {
      if (v < this.baseNodes) c -= this.offsets[v + 1]! - this.offsets[v]!;
      c += o.length / this.width;
    }
    return c;
  }

  bytes(): number {
    let b = this.offsets.byteLength + this.data.byteLength;
    for (const o of this.over.values()) b += o.byteLength + 48;
    return b;
  }
}
const EMPTY = new Int32Array(0);

/** A growable column of ints (the load's edge lists before they become rows). */
class Column {
  a = new Int32Array(1024);
  n = 0;
  push(x: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = x;
  }
}

export interface ReachAnswer {
  /** canonical keys of every object reached, the sources included, each once (no order) */
  keys: string[];
  lots: number;
  units: number;
  containers: number;
}

export interface ReachIds {
  /** the index's ids of every object reached, the sources included, each once (no order) */
  ids: Int32Array;
  lots: number;
  units: number;
  containers: number;
  /** the canonical key of an id of this answer */
  keyOf: (id: number) => string;
}

export interface ReachLayers {
  /** layer d: the objects d FEEDS links downstream at the nearest (keys sorted), counted by kind */
  layers: { keys: string[]; lots: number; units: number }[];
  /** containers holding any object of the layers now or when a shipment carried it */
  containers: number;
  /** the graph checkpoint the answer reflects */
  seq: number;
}

export interface ReachIndexStats {
  nodes: number;
  feeds: number;
  packed: number;
  carriers: number;
  times: number;
  /** bytes of the typed arrays (adjacency, kinds, visit marks) */
  arrayBytes: number;
  /** the graph checkpoint the index reflects (-1: none, it does not answer) */
  seq: number;
}

type State = 'ready' | 'stale';

export class ReachIndex {
  private keys: string[] = [];
  private readonly ids = new Map<string, number>();
  private kind = new Uint8Array(1024);
  private feedsOut = new Lists(1);
  private feedsIn = new Lists(1);
  /** child -> [parent, since, until] per PACKED_IN */
  private packOut = new Lists(3);
  /** parent -> child per PACKED_IN */
  private packIn = new Lists(1);
  /** object -> times of the shipments carrying it */
  private carriers = new Lists(1);
  private times: string[] = [];
  private readonly timeIds = new Map<string, number>();
  private mark = new Uint32Array(0);
  private markIn = new Uint32Array(0);
  private epoch = 0;
  private queue = new Int32Array(0);

  private state: State = 'stale';
  private seq = NONE;
  /** projection batches under way (between `before` and the end of `after`) */
  private writing = 0;
  private reloading: Promise<void> | null = null;
  private detach: (() => void) | null = null;

  private constructor(
    private readonly graph: GraphStore,
    private readonly log: (msg: string) => void,
    private readonly pageSize: number,
  ) {}

  /** Loads the index from the graph and keeps it following the graph's projection batches. */
  static async open(
    graph: GraphStore,
    opts: { onProgress?: (msg: string) => void; pageSize?: number } = {},
  ): Promise<ReachIndex> {
    const index = new ReachIndex(graph, opts.onProgress ?? (() => undefined), opts.pageSize ?? 20_000);
    index.detach = onGraphChange(graph, {
      before: async (b, checkpoint) => {
        index.writing++;
        index.writesSeen++;
        // A batch with `from` commits only on top of that checkpoint (two may be in flight, so
        // the graph's checkpoint now may not be the one this batch follows).
        index.seqBefore.set(
          b,
          checkpoint !== 'graph' ? index.seq : (b.from ?? (await graphCheckpoint(graph).catch(() => NONE))),
        );
      },
      after: async (b, checkpoint, committed) => {
        try {
          await index.follow(b, checkpoint, committed);
        } finally {
          index.writing--;
        }
      },
      cleared: (phase) => index.cleared(phase),
    });
    try {
      await index.reload();
    } catch (err) {
      index.close();
      throw err;
    }
    return index;
  }

  /** Stops following the graph. */
  close(): void {
    this.detach?.();
    this.detach = null;
    this.state = 'stale';
  }

  /**
   * The recall reach of `sources`, as trace/reach_forward answers it, or null when the index is
   * not exactly as fresh as the graph now (the caller then asks Neo4j).
   */
  async reachForward(sources: readonly string[]): Promise<ReachAnswer | null> {
    if (!this.answerable()) return null;
    const at = await graphCheckpoint(this.graph);
    if (!this.answerable() || at !== this.seq) return null;
    return this.reachNow(sources);
  }

  /** The keys of every object downstream of `sources` over FEEDS (no packing), or null as above. */
  async descendants(sources: readonly string[]): Promise<string[] | null> {
    if (!this.answerable()) return null;
    const at = await graphCheckpoint(this.graph);
    if (!this.answerable() || at !== this.seq) return null;
    const n = this.bfs(sources);
    const out: string[] = [];
    for (let j = 0; j < n; j++) out.push(this.keys[this.queue[j]!]!);
    return out;
  }

  /**
   * The recall reach of `sources` on the index's ids (a fresh array: the FEEDS descendants, then
   * the containers), the counts, and the key of an id for what the caller shows; or null as
   * reachForward. For callers that need counts or a few keys, not 100,000 strings.
   */
  async reachForwardIds(sources: readonly string[]): Promise<ReachIds | null> {
    if (!this.answerable()) return null;
    const at = await graphCheckpoint(this.graph);
    if (!this.answerable() || at !== this.seq) return null;
    const total = this.reachIds(sources);
    const { keys, counted } = this;
    return {
      ids: this.queue.slice(0, total),
      lots: counted[1]!,
      units: counted[2]!,
      containers: counted[3]!,
      keyOf: (id) => keys[id]!,
    };
  }

  /**
   * The object's FEEDS descendants by layer: layer d holds the objects whose shortest chain of
   * FEEDS from `key` has d links (layer 0 is the object itself), each layer's keys sorted, with
   * the containers holding any of them now or when a shipment carried them (counted as
   * reachForward counts them); null as reachForward. An object the index does not know is
   * alone in its layer 0.
   */
  async forwardLayers(key: string): Promise<ReachLayers | null> {
    if (!this.answerable()) return null;
    const at = await graphCheckpoint(this.graph);
    if (!this.answerable() || at !== this.seq) return null;
    if (!this.ids.has(key)) return { layers: [{ keys: [key], lots: 0, units: 0 }], containers: 0, seq: at };
    // The pages of one trace ask for the same layers one after another: the last few are kept
    // for the checkpoint they reflect (a hub's 90,000 keys sorted cost ~50 ms).
    const kept = this.layersKept.get(key);
    if (kept?.seq === at) return kept;
    const bounds: number[] = [];
    const n = this.bfs([key], this.feedsOut, bounds);
    const { queue, keys, kind } = this;
    const layers: ReachLayers['layers'] = [];
    for (let d = 0, lo = 0; lo < n; d++) {
      const hi = bounds[d] ?? n;
      const layer = { keys: new Array<string>(hi - lo), lots: 0, units: 0 };
      for (let j = lo; j < hi; j++) {
        const v = queue[j]!;
        layer.keys[j - lo] = keys[v]!;
        if (kind[v] === KIND_CODE['lot']) layer.lots++;
        else if (kind[v] === KIND_CODE['unit']) layer.units++;
      }
      layer.keys.sort();
      layers.push(layer);
      lo = hi;
    }
    this.reachIds([key]);
    const answer = { layers, containers: this.counted[3]!, seq: at };
    for (const [k, v] of this.layersKept) if (v.seq !== at) this.layersKept.delete(k);
    this.layersKept.delete(key);
    this.layersKept.set(key, answer);
    if (this.layersKept.size > LAYERS_KEPT) this.layersKept.delete(this.layersKept.keys().next().value!);
    return answer;
  }
  /** the last forwardLayers answers, by root key, oldest first */
  private readonly layersKept = new Map<string, ReachLayers>();

  /**
   * Of `keys`, those the index knows to be packed in something (`packing`: a PACKED_IN out, open
   * or closed) or carried by a shipment (`carriers`), and those it does not know at all; null when
   * it is not as fresh as the graph. So that the trace service asks Neo4j about those only (a hub's
   * 113,000 objects, a few of them carried).
   */
  async having(keys: readonly string[], what: 'packing' | 'carriers'): Promise<string[] | null> {
    if (!this.answerable()) return null;
    const at = await graphCheckpoint(this.graph);
    if (!this.answerable() || at !== this.seq) return null;
    const lists = what === 'packing' ? this.packOut : this.carriers;
    return keys.filter((k) => {
      const v = this.ids.get(k);
      if (v === undefined) return true;
      lists.span(v);
      return lists.hi > lists.lo;
    });
  }

  /**
   * The root and every ancestor over FEEDS (root first, each once) as the index has them now,
   * with the checkpoint they reflect, or null when the index cannot answer now. No freshness
   * read here: the caller reads the graph checkpoint in the same query as the details it needs
   * and uses the answer only if that checkpoint is `seq` and `stillAt(seq)` holds after.
   */
  ancestorsNow(key: string): { keys: string[]; seq: number } | null {
    if (!this.answerable()) return null;
    if (!this.ids.has(key)) return { keys: [], seq: this.seq };
    const n = this.bfs([key], this.feedsIn);
    const out = new Array<string>(n);
    for (let j = 0; j < n; j++) out[j] = this.keys[this.queue[j]!]!;
    return { keys: out, seq: this.seq };
  }

  /** Whether the index still answers and reflects checkpoint `seq`. */
  stillAt(seq: number): boolean {
    return this.answerable() && this.seq === seq;
  }

  stats(): ReachIndexStats {
    const lists = [this.feedsOut, this.feedsIn, this.packOut, this.packIn, this.carriers];
    return {
      nodes: this.keys.length,
      feeds: this.feedsOut.entries(),
      packed: this.packIn.entries(),
      carriers: this.carriers.entries(),
      times: this.times.length,
      arrayBytes:
        lists.reduce((s, l) => s + l.bytes(), 0) +
        this.kind.byteLength +
        this.mark.byteLength +
        this.markIn.byteLength +
        this.queue.byteLength +
        this.walkedAt.byteLength +
        this.walkedLo.byteLength +
        this.walkedHi.byteLength +
        this.walkedHow.byteLength,
      seq: this.seq,
    };
  }

  private answerable(): boolean {
    return this.state === 'ready' && this.writing === 0 && this.reloading === null;
  }

  // ---- the reach ------------------------------------------------------------------------------

  /**
   * BFS over FEEDS (`feeds`: forward or backward) from the sources; the objects reached are
   * queue[0 .. returned count), nearest first. With `bounds`, bounds[d] is where the objects d + 1
   * links away start in the queue.
   */
  private bfs(sources: readonly string[], feeds = this.feedsOut, bounds?: number[]): number {
    const n = this.keys.length;
    if (this.mark.length < n) {
      this.mark = new Uint32Array(this.kind.length);
      this.markIn = new Uint32Array(this.kind.length);
      this.queue = new Int32Array(this.kind.length);
      this.walkedAt = new Uint32Array(this.kind.length);
      this.walkedLo = new Int32Array(this.kind.length);
      this.walkedHi = new Int32Array(this.kind.length);
      this.walkedHow = new Uint8Array(this.kind.length);
      this.epoch = 0;
    }
    if (++this.epoch === 0xffffffff) {
      this.mark.fill(0);
      this.markIn.fill(0);
      this.walkedAt.fill(0);
      this.epoch = 1;
    }
    const { mark, queue, epoch } = this;
    let tail = 0;
    for (const k of sources) {
      const v = this.ids.get(k);
      if (v === undefined || mark[v] === epoch) continue;
      mark[v] = epoch;
      queue[tail++] = v;
    }
    let layerEnd = tail;
    for (let head = 0; head < tail; head++) {
      if (bounds && head === layerEnd) {
        bounds.push(head);
        layerEnd = tail;
      }
      feeds.span(queue[head]!);
      const { at, hi } = feeds;
      for (let j = feeds.lo; j < hi; j++) {
        const w = at[j]!;
        if (mark[w] !== epoch) {
          mark[w] = epoch;
          queue[tail++] = w;
        }
      }
    }
    return tail;
  }

  /**
   * The reach on ids: FEEDS descendants first, then the containers, in queue[0 .. returned
   * total); counts by kind in `counted`. No strings and no allocation per call (the marks, the
   * queue and the walk's memo are reused), so a supplier-wide recall costs the CSR walk and no GC.
   */
  private reachIds(sources: readonly string[]): number {
    const n = this.bfs(sources);
    const { markIn, queue, epoch, kind, counted } = this;
    counted.fill(0);
    for (let j = 0; j < n; j++) {
      const v = queue[j]!;
      markIn[v] = epoch;
      counted[kind[v]!]!++;
    }
    this.tail = n;
    // Containers: every one reachable over 1..8 PACKED_IN relationships where all links are
    // still open, or a shipment carried it at a time every link of the path covers
    // (reach_forward.cypher's rule).
    for (let j = 0; j < n; j++) this.walk(queue[j]!, 0, NONE, NONE, true);
    return this.tail;
  }

  private reachNow(sources: readonly string[]): ReachAnswer {
    const total = this.reachIds(sources);
    const { queue, keys, counted } = this;
    const out = new Array<string>(total);
    for (let j = 0; j < total; j++) out[j] = keys[queue[j]!]!;
    return { keys: out, lots: counted[1]!, units: counted[2]!, containers: counted[3]! };
  }

  /** per kind code, the objects the last reach counted */
  private readonly counted = new Int32Array(4);
  /** the end of the last reach's answer in `queue` */
  private tail = 0;
  // The walk's memo: per container, the last state it was walked from in this reach (epoch-stamped).
  private walkedAt = new Uint32Array(0);
  private walkedLo = new Int32Array(0);
  private walkedHi = new Int32Array(0);
  /** depth * 2 + (1 when every link of the path was open) */
  private walkedHow = new Uint8Array(0);

  /**
   * Walks up the packing from v, reached over a path of `depth` PACKED_IN links whose latest
   * `since` is lo, earliest `until` is hi, all open or not. A container reached again from a
   * state that a state it was already walked from covers (open if that was not, a time span
   * inside that one, not deeper) is not walked again: it cannot reach anything more. Nor does the
   * walk keep Cypher's "each relationship once per path": a path through a relationship twice
   * contains a cycle, and the path without it reaches the same container at a state covering it,
   * so the containers found are the same.
   */
  private walk(v: number, depth: number, lo: number, hi: number, open: boolean): void {
    const how = depth * 2 + (open ? 1 : 0);
    if (this.walkedAt[v] === this.epoch) {
      const h = this.walkedHow[v]!;
      const wLo = this.walkedLo[v]!;
      const wHi = this.walkedHi[v]!;
      if (h >> 1 <= depth && (h & 1) >= (open ? 1 : 0) && this.spanCovers(wLo, wHi, lo, hi)) return;
      // Keep the state that covers more, so later visits compare against it.
      if (!(depth <= h >> 1 && (open || !(h & 1)) && this.spanCovers(lo, hi, wLo, wHi))) {
        this.descend(v, depth, lo, hi, open);
        return;
      }
    }
    this.walkedAt[v] = this.epoch;
    this.walkedHow[v] = how;
    this.walkedLo[v] = lo;
    this.walkedHi[v] = hi;
    this.descend(v, depth, lo, hi, open);
  }

  private descend(v: number, depth: number, lo: number, hi: number, open: boolean): void {
    const packs = this.packOut;
    const { markIn, epoch, queue, counted, kind } = this;
    packs.span(v);
    const { at: links, lo: first, hi: end } = packs;
    for (let j = first; j < end; j += 3) {
      const p = links[j]!;
      const since = links[j + 1]!;
      const until = links[j + 2]!;
      const open2 = open && until === NONE;
      // lo: the latest `since` of the path (IMPOSSIBLE: a link without one covers no time)
      const lo2 =
        lo === IMPOSSIBLE || since === NONE ? IMPOSSIBLE : lo === NONE || this.later(since, lo) ? since : lo;
      const hi2 = until === NONE ? hi : hi === NONE || this.later(hi, until) ? until : hi;
      if (markIn[p] !== epoch && (open2 || this.carriedWithin(p, lo2, hi2))) {
        markIn[p] = epoch;
        queue[this.tail++] = p;
        counted[kind[p]!]!++;
      }
      if (depth + 1 < MAX_NESTING) this.walk(p, depth + 1, lo2, hi2, open2);
    }
  }

  /** Whether the time span [lo1, hi1) holds all of [lo2, hi2) (NONE: unbounded; IMPOSSIBLE: empty). */
  private spanCovers(lo1: number, hi1: number, lo2: number, hi2: number): boolean {
    if (lo2 === IMPOSSIBLE) return true;
    if (lo1 === IMPOSSIBLE) return false;
    if (lo1 !== NONE && (lo2 === NONE || this.later(lo1, lo2))) return false;
    if (hi1 !== NONE && (hi2 === NONE || this.later(hi2, hi1))) return false;
    return true;
  }

  /** time a > time b (ISO strings, compared as Cypher compares strings) */
  private later(a: number, b: number): boolean {
    return this.times[a]! > this.times[b]!;
  }

  /** Whether a shipment carried `c` at a time t with lo <= t < hi (hi NONE: no end). */
  private carriedWithin(c: number, lo: number, hi: number): boolean {
    if (lo === IMPOSSIBLE) return false;
    const ts = this.carriers.get(c);
    for (let j = 0; j < ts.length; j++) {
      const t = this.times[ts[j]!]!;
      if ((lo === NONE || t >= this.times[lo]!) && (hi === NONE || t < this.times[hi]!)) return true;
    }
    return false;
  }

  // ---- ids, times --------------------------------------------------------------------------------

  private idOf(key: string): number {
    let v = this.ids.get(key);
    if (v !== undefined) return v;
    v = this.keys.length;
    this.keys.push(key);
    this.ids.set(key, v);
    if (v >= this.kind.length) {
      const k = new Uint8Array(this.kind.length * 2);
      k.set(this.kind);
      this.kind = k;
    }
    return v;
  }

  private timeOf(t: string | null | undefined): number {
    if (t === null || t === undefined) return NONE;
    let id = this.timeIds.get(t);
    if (id === undefined) {
      id = this.times.length;
      this.times.push(t);
      this.timeIds.set(t, id);
    }
    return id;
  }

  // ---- loading -----------------------------------------------------------------------------------

  /** (Re)loads everything from the graph, page by page; answers again once it has. */
  private reload(): Promise<void> {
    this.reloading ??= this.loadAll().finally(() => {
      this.reloading = null;
    });
    return this.reloading;
  }

  private async loadAll(): Promise<void> {
    this.state = 'stale';
    const started = performance.now();
    const seqBefore = await graphCheckpoint(this.graph);
    const writesBefore = this.writesSeen;
    this.keys = [];
    this.ids.clear();
    this.kind = new Uint8Array(1024);
    this.times = [];
    this.timeIds.clear();
    const feedSrc = new Column();
    const feedDst = new Column();
    const packChild = new Column();
    const packParent = new Column();
    const packSince = new Column();
    const packUntil = new Column();
    const carOwner = new Column();
    const carTime = new Column();
    let after = '';
    for (;;) {
      const rows = await page.run(this.graph, { after, limit: this.pageSize });
      if (rows.length === 0) break;
      for (const r of rows) {
        const v = this.idOf(r.key);
        this.kind[v] = KIND_CODE[r.kind ?? ''] ?? 0;
        for (const d of r.feeds) {
          feedSrc.push(v);
          feedDst.push(this.idOf(d));
        }
        for (const p of r.packed) {
          packChild.push(v);
          packParent.push(this.idOf(p.parent));
          packSince.push(this.timeOf(p.since));
          packUntil.push(this.timeOf(p.until));
        }
        for (const t of r.carriers) {
          carOwner.push(v);
          carTime.push(this.timeOf(t));
        }
      }
      after = rows[rows.length - 1]!.key;
      this.log(
        `reach index: ${this.keys.length} objects, ${feedSrc.n} FEEDS, ${packChild.n} PACKED_IN loaded`,
      );
      if (rows.length < this.pageSize) break;
    }
    const n = this.keys.length;
    this.feedsOut = Lists.build(1, n, feedSrc.a, [feedDst.a], feedSrc.n);
    this.feedsIn = Lists.build(1, n, feedDst.a, [feedSrc.a], feedSrc.n);
    this.packOut = Lists.build(3, n, packChild.a, [packParent.a, packSince.a, packUntil.a], packChild.n);
    this.packIn = Lists.build(1, n, packParent.a, [packChild.a], packChild.n);
    this.carriers = Lists.build(1, n, carOwner.a, [carTime.a], carOwner.n);
    this.mark = new Uint32Array(0);
    const seqAfter = await graphCheckpoint(this.graph);
    // The pages are separate reads: if the graph moved meanwhile, the index may mix two states.
    if (seqAfter !== seqBefore || this.writesSeen !== writesBefore) {
      this.seq = NONE;
      this.log('reach index: the graph changed while it loaded; it loads again after the next batch');
      return;
    }
    this.seq = seqAfter;
    this.state = 'ready';
    const s = this.stats();
    this.log(
      `reach index: ready at checkpoint ${this.seq}: ${s.nodes} objects, ${s.feeds} FEEDS, ${s.packed} PACKED_IN ` +
        `in ${((performance.now() - started) / 1000).toFixed(1)} s, ${(s.arrayBytes / 2 ** 20).toFixed(1)} MiB of arrays`,
    );
  }

  // ---- following the projection ------------------------------------------------------------------

  private writesSeen = 0;
  /** the graph checkpoint each batch under way applies on top of */
  private readonly seqBefore = new Map<GraphBatch, number>();

  private cleared(phase: 'start' | 'done'): void {
    this.writesSeen++;
    // A rebuilt graph may come back to the same checkpoint: nothing kept from before it.
    this.layersKept.clear();
    if (phase === 'start') {
      this.state = 'stale';
      this.seq = NONE;
      return;
    }
    if (this.reloading) return;
    // An empty graph: an empty index at checkpoint 0.
    this.keys = [];
    this.ids.clear();
    this.kind = new Uint8Array(1024);
    this.times = [];
    this.timeIds.clear();
    this.feedsOut = new Lists(1);
    this.feedsIn = new Lists(1);
    this.packOut = new Lists(3);
    this.packIn = new Lists(1);
    this.carriers = new Lists(1);
    this.mark = new Uint32Array(0);
    this.seq = 0;
    this.state = 'ready';
  }

  private async follow(b: GraphBatch, checkpoint: string, committed: boolean): Promise<void> {
    this.writesSeen++;
    const seqBefore = this.seqBefore.get(b) ?? NONE;
    this.seqBefore.delete(b);
    if (this.reloading) await this.reloading.catch(() => undefined);
    try {
      if (this.state !== 'ready') {
        // Lost track earlier (a failed read, a graph that moved while loading): load it all again.
        if (committed) await this.reload();
        return;
      }
      // Read again whatever the batch may have changed, committed or not (a failed commit may
      // still have gone through): the relationships come back as the graph has them.
      const keys = new Set<string>();
      const add = (rows: Record<string, unknown>[], ...fields: string[]) => {
        for (const r of rows) for (const f of fields) if (typeof r[f] === 'string') keys.add(r[f] as string);
      };
      add(b.items, 'key');
      add(b.consumed, 'key');
      add(b.produced, 'key');
      add(b.packing, 'child', 'parent');
      add(b.unpacking, 'child', 'parent');
      for (const s of b.shipments) add((s['carries'] as Record<string, unknown>[]) ?? [], 'key');
      for (const v of b.voided) for (const k of (v['keys'] as string[]) ?? []) keys.add(k);
      const ops = new Set<string>(b.feedOps);
      for (const v of b.voided) if (typeof v['op'] === 'string') ops.add(v['op']);
      if (keys.size || ops.size) {
        const rows = await touched.run(this.graph, { keys: [...keys], ops: [...ops] });
        this.applyTouched(keys, rows);
      }
      // The index moves on with the graph only from where it was: a graph that moved without it
      // (another writer) makes it load again.
      if (committed && checkpoint === 'graph') {
        if (seqBefore === this.seq) this.seq = b.seq;
        else {
          this.log('reach index: the graph moved without it; loading it again');
          await this.reload();
        }
      }
    } catch (err) {
      // Neo4j went away after the commit: the index cannot know what changed; it reloads later.
      this.state = 'stale';
      this.seq = NONE;
      this.log(
        `reach index: lost track of the graph (${(err as Error).message}); it loads again after the next batch`,
      );
    }
  }

  /** Replaces every relationship of the touched objects with what the graph holds now. */
  private applyTouched(requested: Set<string>, rows: z.output<typeof touched.row>[]): void {
    const T = new Set<number>();
    for (const k of requested) {
      const v = this.ids.get(k);
      if (v !== undefined) T.add(v);
    }
    for (const r of rows) T.add(this.idOf(r.key));
    // Edits to untouched neighbours, gathered so each of their lists is rewritten once.
    const drop = new Map<Lists, Map<number, Set<number>>>();
    const addTo = new Map<Lists, Map<number, number[]>>();
    const dropOf = (l: Lists, v: number) => {
      const m = drop.get(l) ?? new Map<number, Set<number>>();
      drop.set(l, m);
      const s = m.get(v) ?? new Set<number>();
      m.set(v, s);
      return s;
    };
    const addOf = (l: Lists, v: number) => {
      const m = addTo.get(l) ?? new Map<number, number[]>();
      addTo.set(l, m);
      const a = m.get(v) ?? [];
      m.set(v, a);
      return a;
    };
    for (const a of T) {
      const fo = this.feedsOut.get(a);
      for (let j = 0; j < fo.length; j++) if (!T.has(fo[j]!)) dropOf(this.feedsIn, fo[j]!).add(a);
      const fi = this.feedsIn.get(a);
      for (let j = 0; j < fi.length; j++) if (!T.has(fi[j]!)) dropOf(this.feedsOut, fi[j]!).add(a);
      const po = this.packOut.get(a);
      for (let j = 0; j < po.length; j += 3) if (!T.has(po[j]!)) dropOf(this.packIn, po[j]!).add(a);
      const pi = this.packIn.get(a);
      for (let j = 0; j < pi.length; j++) if (!T.has(pi[j]!)) dropOf(this.packOut, pi[j]!).add(a);
      this.feedsOut.set(a, EMPTY);
      this.feedsIn.set(a, EMPTY);
      this.packOut.set(a, EMPTY);
      this.packIn.set(a, EMPTY);
      this.carriers.set(a, EMPTY);
    }
    for (const r of rows) {
      const a = this.idOf(r.key);
      this.kind[a] = KIND_CODE[r.kind ?? ''] ?? 0;
      const fo = r.feeds.map((k) => this.idOf(k));
      for (const d of fo) if (!T.has(d)) addOf(this.feedsIn, d).push(a);
      const fi = r.feedsIn.map((k) => this.idOf(k));
      for (const c of fi) if (!T.has(c)) addOf(this.feedsOut, c).push(a);
      const po: number[] = [];
      for (const p of r.packed) {
        const parent = this.idOf(p.parent);
        po.push(parent, this.timeOf(p.since), this.timeOf(p.until));
        if (!T.has(parent)) addOf(this.packIn, parent).push(a);
      }
      const pi: number[] = [];
      for (const c of r.packedIn) {
        const child = this.idOf(c.child);
        pi.push(child);
        if (!T.has(child)) addOf(this.packOut, child).push(a, this.timeOf(c.since), this.timeOf(c.until));
      }
      this.feedsOut.set(a, Int32Array.from(fo));
      this.feedsIn.set(a, Int32Array.from(fi));
      this.packOut.set(a, Int32Array.from(po));
      this.packIn.set(a, Int32Array.from(pi));
      this.carriers.set(a, Int32Array.from(r.carriers.map((t) => this.timeOf(t))));
    }
    for (const l of [this.feedsOut, this.feedsIn, this.packOut, this.packIn]) {
      const d = drop.get(l) ?? new Map<number, Set<number>>();
      const a = addTo.get(l) ?? new Map<number, number[]>();
      for (const v of new Set([...d.keys(), ...a.keys()])) {
        const gone = d.get(v);
        const cur = l.get(v);
        const kept: number[] = [];
        for (let j = 0; j < cur.length; j += l.width)
          if (!gone?.has(cur[j]!)) for (let c = 0; c < l.width; c++) kept.push(cur[j + c]!);
        l.set(v, Int32Array.from([...kept, ...(a.get(v) ?? [])]));
      }
    }
    const n = this.keys.length;
    for (const l of [this.feedsOut, this.feedsIn, this.packOut, this.packIn, this.carriers])
      l.compactIfNeeded(n);
  }
}
/** A path with a link that has no `since`: no shipment time is covered. */
const IMPOSSIBLE = -2;

const indexes = new WeakMap<GraphStore, ReachIndex>();

/** Loads a reach index for the graph and makes the trace queries use it (see cypher/trace.ts). */
export async function attachReachIndex(
  graph: GraphStore,
  opts: { onProgress?: (msg: string) => void; pageSize?: number } = {},
): Promise<ReachIndex> {
  indexes.get(graph)?.close();
  const index = await ReachIndex.open(graph, opts);
  indexes.set(graph, index);
  return index;
}

/** Stops using the graph's reach index. */
export function detachReachIndex(graph: GraphStore): void {
  indexes.get(graph)?.close();
  indexes.delete(graph);
}

/** The graph's reach index, when one is attached. */
export const reachIndexOf = (graph: GraphStore): ReachIndex | undefined => indexes.get(graph);
