// The reach index (cypher/reach-index.ts) against its reference, trace/reach_forward, on seeded
// random genealogies: diamonds, packing and unpacking at different times, nesting deeper than
// eight levels, a packing cycle, shipments carrying lots and containers, error declarations with
// corrective events, and captures after the index was loaded. Exact sets, every time.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GraphStore } from '../../cypher/neo4j.ts';
import { applyGraphBatch, emptyGraphBatch, graphCheckpoint } from '../../cypher/projection.ts';
import { toCanonicalKey } from '../../domain/gs1-ids.ts';
import { attachReachIndex, detachReachIndex, type ReachIndex } from '../../cypher/reach-index.ts';
import {
  backwardRowsKept,
  traceBackwardRows,
  traceBackwardRowsByIndex,
  traceBackwardRowsByQuery,
  traceForwardReach,
  carriedByRows,
  carriedByRowsByQuery,
  packedInRows,
  packedInRowsByQuery,
  traceForwardLayersByQuery,
  traceForwardReachByQuery,
  traceQueries,
  type BackwardRow,
} from '../../cypher/trace.ts';
import {
  recallScope,
  traceBackward,
  traceForward,
  traceForwardLayerPage,
  traceForwardLayers,
  type TraceAnswer,
  type TraceEdge,
  type TraceNode,
} from '../../api/services/trace.service.ts';
import { ingestDocument, rebuild } from '../../etl/ingest.ts';
import {
  container,
  doc,
  lot,
  pack,
  party,
  receive,
  ship,
  transform,
  unit,
} from '../builders/epcis.builder.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

type Json = Record<string, unknown>;

let t: TestStores;
let index: ReachIndex;
beforeAll(async () => {
  t = await openTestStores();
});
afterAll(async () => {
  if (t) detachReachIndex(t.stores.graph);
  await t?.close();
});

const capture = async (events: Json[]) => {
  const r = await ingestDocument(t.stores, t.projector, doc(events), { source: 'test' });
  expect(r.graph).toBe('projected');
};
const declared = (e: Json): Json => ({
  ...e,
  errorDeclaration: { declarationTime: '2025-06-01T00:00:00Z', reason: 'incorrect_data' },
});

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: T[]) => xs[int(xs.length)]!;
  return { next, int, pick };
}

/** A random plant: its events in capture order, split in documents (each one projection batch). */
class Plant {
  readonly r;
  lots: string[] = [];
  units: string[] = [];
  cases: string[] = [];
  pallets: string[] = [];
  /** the nesting case: a unit, its eleven nested boxes, and the two boxes of the cycle */
  deep = { unit: '', chain: [] as string[], loop: [] as string[], shipped: [] as string[] };
  /** events that may be declared erroneous later */
  declarable: Json[] = [];
  private n = 0;
  private hour = 0;
  constructor(
    seed: number,
    private readonly tag: string,
  ) {
    this.r = rng(seed);
  }
  private name(p: string) {
    return `${this.tag}-${p}${++this.n}`;
  }
  private t() {
    return (this.hour += 1 + this.r.int(3));
  }

  /** Receipts, then transformations with diamonds (a hub lot in many of them), units, packing. */
  grow(size: number): Json[] {
    const { r } = this;
    const ev: Json[] = [];
    const hub = lot(this.name('HUB'));
    ev.push(receive({ lot: hub, qty: 1000, uom: 'KGM', supplier: party('ADD'), t: this.t() }));
    this.lots.push(hub);
    for (let i = 0; i < size; i++) {
      const l = lot(this.name('RAW'));
      ev.push(receive({ lot: l, qty: 100, uom: 'KGM', supplier: party(`S${r.int(3)}`), t: this.t() }));
      this.lots.push(l);
    }
    for (let i = 0; i < size * 2; i++) {
      const inputs = new Set<string>([r.next() < 0.5 ? hub : r.pick(this.lots)]);
      for (let k = r.int(3); k > 0; k--) inputs.add(r.pick(this.lots));
      const out = lot(this.name('LOT'));
      const units = r.next() < 0.3 ? [unit(this.name('U')), unit(this.name('U'))] : [];
      const e = transform({
        op: this.name('OP'),
        t: this.t(),
        step: 'mixing',
        inLots: [...inputs].map((l): [string, number, string] => [l, 1 + r.int(5), 'KGM']),
        outLots: [[out, 10, 'KGM']],
        outUnits: units,
      });
      ev.push(e);
      this.declarable.push(e);
      this.lots.push(out);
      this.units.push(...units);
    }
    for (let i = 0; i < Math.ceil(size / 2); i++) this.cases.push(container(this.name('CASE')));
    for (let i = 0; i < Math.ceil(size / 6); i++) this.pallets.push(container(this.name('PAL')));
    for (const u of this.units) {
      const e = pack({ parent: r.pick(this.cases), t: this.t(), units: [u] });
      ev.push(e);
      if (r.next() < 0.2) this.declarable.push(e);
    }
    for (let i = 0; i < size; i++)
      ev.push(pack({ parent: r.pick(this.cases), t: this.t(), lots: [[r.pick(this.lots), 2, 'KGM']] }));
    for (const c of this.cases) ev.push(pack({ parent: r.pick(this.pallets), t: this.t(), units: [c] }));
    return ev;
  }

  /** Shipments of pallets, cases and lots; unpacking (one child or all) and repacking between them. */
  move(count: number): Json[] {
    const { r } = this;
    const ev: Json[] = [];
    for (let i = 0; i < count; i++) {
      const what = r.int(5);
      if (what === 0) {
        const e = ship({
          shipment: this.name('SH'),
          customer: party('C1'),
          t: this.t(),
          epcs: [r.pick(this.pallets)],
        });
        ev.push(e);
        this.declarable.push(e);
      } else if (what === 1)
        ev.push(
          ship({ shipment: this.name('SH'), customer: party('C2'), t: this.t(), epcs: [r.pick(this.cases)] }),
        );
      else if (what === 2)
        ev.push(
          ship({
            shipment: this.name('SH'),
            customer: party('C3'),
            t: this.t(),
            lots: [[r.pick(this.lots), 1, 'KGM']],
          }),
        );
      else if (what === 3) ev.push(pack({ parent: r.pick(this.pallets), t: this.t(), action: 'DELETE' }));
      else {
        const c = r.pick(this.cases);
        const u = r.pick(this.units.length ? this.units : this.cases);
        ev.push(pack({ parent: c, t: this.t(), units: [u], action: 'DELETE' }));
        ev.push(pack({ parent: r.pick(this.cases), t: this.t(), units: [u] }));
      }
    }
    return ev;
  }

  /** Nesting deeper than eight levels, and a packing cycle at different times. */
  nesting(): Json[] {
    const chain = Array.from({ length: 11 }, () => container(this.name('BOX')));
    const u = unit(this.name('U'));
    this.units.push(u);
    const ev: Json[] = [
      transform({
        op: this.name('OP'),
        t: this.t(),
        step: 'assembly',
        inLots: [[this.lots[0]!, 1, 'KGM']],
        outUnits: [u],
      }),
      pack({ parent: chain[0]!, t: this.t(), units: [u] }),
    ];
    for (let i = 1; i < chain.length; i++)
      ev.push(pack({ parent: chain[i]!, t: this.t(), units: [chain[i - 1]!] }));
    ev.push(ship({ shipment: this.name('SH'), customer: party('C4'), t: this.t(), epcs: [chain[9]!] }));
    const [a, b] = [container(this.name('LOOP')), container(this.name('LOOP'))];
    ev.push(pack({ parent: a, t: this.t(), units: [u] }));
    ev.push(pack({ parent: b, t: this.t(), units: [a] }));
    ev.push(pack({ parent: b, t: this.t(), units: [a], action: 'DELETE' }));
    ev.push(pack({ parent: a, t: this.t(), units: [b] }));
    ev.push(ship({ shipment: this.name('SH'), customer: party('C4'), t: this.t(), epcs: [b] }));
    // Time spans: E was shipped before the unit went in (and out again), F while it was in.
    const [e, f] = [container(this.name('E')), container(this.name('F'))];
    ev.push(ship({ shipment: this.name('SH'), customer: party('C5'), t: this.t(), epcs: [e] }));
    ev.push(pack({ parent: e, t: this.t(), units: [u] }));
    ev.push(pack({ parent: f, t: this.t(), units: [u] }));
    ev.push(ship({ shipment: this.name('SH'), customer: party('C5'), t: this.t(), epcs: [f] }));
    ev.push(pack({ parent: e, t: this.t(), units: [u], action: 'DELETE' }));
    ev.push(pack({ parent: f, t: this.t(), units: [u], action: 'DELETE' }));
    this.cases.push(a, b, e, f, ...chain);
    this.deep = { unit: u, chain, loop: [a, b], shipped: [e, f] };
    return ev;
  }

  /** Some earlier events declared erroneous, with corrective events in the same document. */
  correct(count: number): Json[] {
    const ev: Json[] = [];
    for (let i = 0; i < count && this.declarable.length; i++) {
      const e = this.declarable.splice(this.r.int(this.declarable.length), 1)[0]!;
      ev.push(declared(e));
      if (e['type'] === 'TransformationEvent')
        ev.push({ ...e, transformationID: `urn:lotgraph:op:${this.name('FIX')}`, eventTime: e['eventTime'] });
    }
    return ev;
  }

  /** Source sets to compare: each object alone, and random groups (a supplier-wide recall). */
  sources(groups: number): string[][] {
    const all = [...this.lots, ...this.units, ...this.cases, ...this.pallets];
    const sets = all.map((k) => [k]);
    for (let g = 0; g < groups; g++) sets.push(all.filter(() => this.r.next() < 0.2));
    sets.push(this.lots.filter((l) => l.includes('RAW')));
    sets.push([lot('NOT-THERE')], []);
    return sets.map((s) => s.map(toCanonicalKey));
  }
}

const sorted = (xs: string[]) => [...xs].sort();
/** Birth-record rows in one order (Cypher's collect order is not specified), each list sorted. */
const byKey = (rows: BackwardRow[]) =>
  [...rows]
    .sort((a, b) => a.item.key.localeCompare(b.item.key))
    .map((r) => ({
      item: r.item,
      feeds: sorted(r.feeds.map((x) => JSON.stringify(x))),
      ops: sorted(r.ops.map((x) => JSON.stringify(x))),
      suppliers: sorted(r.suppliers.map((x) => JSON.stringify(x))),
      inspections: sorted(r.inspections.map((x) => JSON.stringify(x))),
    }));
/**
 * The birth record of `key` from the index's ancestors and the keyed read equals trace_backward's,
 * exactly, and the keyed read saw the index's checkpoint (so traceBackwardRows took that path).
 */
async function agreeBackward(key: string) {
  const found = index.ancestorsNow(key);
  expect(found, 'the index answers').not.toBeNull();
  const [r] = await traceQueries.backwardItems.run(t.stores.graph, {
    keys: found!.keys,
    checkpoint: 'graph',
  });
  expect(r!.seq).toBe(found!.seq);
  const ref = byKey(await traceBackwardRowsByQuery(t.stores.graph, key));
  expect(byKey(r!.rows), `birth record of ${key}`).toEqual(ref);
  expect(byKey(await traceBackwardRows(t.stores.graph, key))).toEqual(ref);
  // Again: the ancestors' rows are now kept at this checkpoint (the root's is read again), and
  // the answer is the same.
  expect(backwardRowsKept(t.stores.graph)).toBeGreaterThanOrEqual(found!.keys.length - 1);
  const again = await traceBackwardRowsByIndex(t.stores.graph, key);
  expect(again, 'the kept rows answer').not.toBeNull();
  expect(byKey(again!)).toEqual(ref);
  // An ancestor's own birth record: every row kept, only the checkpoint read.
  const ancestor = found!.keys[1];
  if (ancestor) {
    const kept = await traceBackwardRowsByIndex(t.stores.graph, ancestor);
    expect(kept, 'the kept rows answer').not.toBeNull();
    expect(byKey(kept!), `birth record of ${ancestor}`).toEqual(
      byKey(await traceBackwardRowsByQuery(t.stores.graph, ancestor)),
    );
  }
}
/** Every source set answered by the index equals the Cypher query's answer, exactly. */
async function agree(sets: string[][]) {
  for (const keys of sets) {
    if (keys.length === 1) await agreeBackward(keys[0]!);
    const fromIndex = await index.reachForward(keys);
    expect(fromIndex, 'the index is as fresh as the graph and answers').not.toBeNull();
    const [fromQuery] = await traceForwardReachByQuery(t.stores.graph, keys);
    expect({ ...fromIndex!, keys: sorted(fromIndex!.keys) }, `sources ${keys.join(', ')}`).toEqual({
      ...fromQuery!,
      keys: sorted(fromQuery!.keys),
    });
  }
}

describe('reach index against reach_forward', () => {
  const plant = new Plant(20261207, 'A');

  it('loads at start-up and answers as the query does', async () => {
    await capture(plant.grow(12));
    await capture(plant.move(20));
    await capture(plant.nesting());
    // The data exercises the packing rule: eight levels and no more; a closed link cuts unless a
    // shipment carried the container while the link held.
    const deep = plant.deep;
    const [ref] = await traceForwardReachByQuery(t.stores.graph, [toCanonicalKey(deep.unit)]);
    expect(sorted(ref!.keys)).toEqual(
      sorted([deep.unit, ...deep.chain.slice(0, 8), deep.loop[0]!, deep.shipped[1]!].map(toCanonicalKey)),
    );
    index = await attachReachIndex(t.stores.graph, { pageSize: 17 });
    expect(index.stats().nodes).toBeGreaterThan(60);
    await agree(plant.sources(15));
    // traceForwardReach answers from the index when it is fresh
    const [viaTrace] = await traceForwardReach(t.stores.graph, [toCanonicalKey(plant.lots[0]!)]);
    expect(sorted(viaTrace!.keys)).toEqual(
      sorted((await index.reachForward([toCanonicalKey(plant.lots[0]!)]))!.keys),
    );
  });

  it('follows captures after start-up: more genealogy, moves, corrections', async () => {
    for (const step of [
      () => plant.grow(6),
      () => plant.move(15),
      () => plant.correct(4),
      () => plant.move(10),
      () => plant.correct(3),
    ]) {
      await capture(step());
      await agree(plant.sources(8));
    }
  });

  it('does not answer while the graph is ahead of it (another writer), then loads again; follows a rebuild', async () => {
    const other = await GraphStore.connect(inject('neo4j'));
    try {
      const seq = await graphCheckpoint(t.stores.graph);
      const [u, c] = [toCanonicalKey(plant.units[0]!), toCanonicalKey(container('ELSEWHERE'))];
      // its ancestors' rows kept at the index's checkpoint
      expect(await traceBackwardRowsByIndex(t.stores.graph, u)).not.toBeNull();
      const ancestor = index.ancestorsNow(u)!.keys[1]!;
      expect(ancestor).toBeDefined();
      await applyGraphBatch(other, {
        ...emptyGraphBatch(0),
        items: [{ key: c, id: container('ELSEWHERE'), code: 'ELSEWHERE', kind: 'container' }],
        packing: [{ child: u, parent: c, since: '2025-05-01T00:00:00.000Z', eventId: 'urn:test:elsewhere' }],
        seq: seq + 1,
      });
      expect(await index.reachForward([u])).toBeNull();
      // The rows kept at the index's checkpoint are not used either: the graph moved on (the
      // ancestor's record has every row kept, so only the checkpoint is read and differs).
      expect(await traceBackwardRowsByIndex(t.stores.graph, u)).toBeNull();
      expect(await traceBackwardRowsByIndex(t.stores.graph, ancestor)).toBeNull();
      const [answered] = await traceForwardReach(t.stores.graph, [u]);
      expect(answered!.keys).toContain(c);
    } finally {
      await other.close();
    }
    await capture(plant.move(5));
    await agree(plant.sources(3));
    await rebuild(t.stores, t.projector, { actor: 'test' });
    await agree(plant.sources(5));
  });

  it('gives the trace service the same answers as without it (forward trace, recall scope)', async () => {
    const g = t.stores.graph;
    const ids = [
      plant.lots[0]!,
      ...plant.lots.slice(1, 6),
      plant.units[0]!,
      plant.deep.unit,
      plant.cases[0]!,
    ];
    const sortTrace = (a: Awaited<ReturnType<typeof traceForward>>) => ({
      root: a.root,
      nodes: [...a.nodes].sort((x, y) => x.id.localeCompare(y.id)),
      edges: a.edges.map((e) => JSON.stringify(e)).sort(),
    });
    const answers = async () => {
      const out = [];
      for (const id of ids)
        out.push({ trace: sortTrace(await traceForward(g, id)), recall: await recallScope(g, id) });
      return out;
    };
    index = await attachReachIndex(g);
    expect(await index.descendants([toCanonicalKey(plant.lots[0]!)])).not.toBeNull();
    const indexed = await answers();
    detachReachIndex(g);
    expect(await answers()).toEqual(indexed);
    index = await attachReachIndex(g);
  });

  it('gives the trace service the same birth records as without it, whole and for a supplier', async () => {
    const g = t.stores.graph;
    const ids = [
      ...plant.lots.slice(0, 4),
      ...plant.lots.slice(-6),
      ...plant.units.slice(0, 4),
      plant.deep.unit,
      plant.cases[0]!,
    ];
    const sortTrace = (a: Awaited<ReturnType<typeof traceBackward>>) => ({
      root: a.root,
      direction: a.direction,
      nodes: [...a.nodes].sort((x, y) => x.id.localeCompare(y.id)),
      edges: a.edges.map((e) => JSON.stringify(e)).sort(),
    });
    const answers = async () => {
      const out = [];
      for (const id of ids) {
        const whole = await traceBackward(g, id);
        out.push(sortTrace(whole));
        // A supplier's view of its own lot (the root's supplier).
        const own = whole.edges.find((e) => e.type === 'SUPPLIED_BY' && e.from === whole.root.id);
        if (own) out.push(sortTrace(await traceBackward(g, id, { supplierId: own.to })));
      }
      return out;
    };
    index = await attachReachIndex(g);
    // Some of these records have deep ancestries (the index's backward walk is exercised).
    const depths = ids.map((id) => index.ancestorsNow(toCanonicalKey(id))!.keys.length);
    expect(Math.max(...depths)).toBeGreaterThan(4);
    const indexed = await answers();
    detachReachIndex(g);
    expect(await answers()).toEqual(indexed);
    index = await attachReachIndex(g);
  });

  it('agrees on other seeds', async () => {
    for (const seed of [1, 2, 3]) {
      const p = new Plant(seed, `S${seed}`);
      await capture(p.grow(8));
      await capture([...p.move(12), ...p.correct(2)]);
      await agree(p.sources(6));
    }
  });
});

describe('forward trace in layers (decision 046)', () => {
  const plant = new Plant(20261208, 'L');
  const sortAnswer = (a: { nodes: TraceNode[]; edges: TraceEdge[] }) => ({
    nodes: [...a.nodes].sort((x, y) => x.id.localeCompare(y.id)),
    edges: a.edges.map((e) => JSON.stringify(e)).sort(),
  });

  /** The layers worked out from the whole forward answer: BFS over its FEEDS links from the root. */
  function layersOfWhole(whole: TraceAnswer): string[][] {
    const next = new Map<string, string[]>();
    for (const e of whole.edges)
      if (e.type === 'FEEDS') next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
    const seen = new Set([whole.root.id]);
    const layers: string[][] = [];
    for (let frontier = [whole.root.id]; frontier.length;) {
      layers.push(sorted(frontier));
      frontier = frontier.flatMap((id) => next.get(id) ?? []).filter((id) => !seen.has(id) && seen.add(id));
    }
    return layers;
  }

  /** The service's layers with the reach index set aside (the Cypher reference). */
  async function traceForwardLayersViaQuery(id: string) {
    detachReachIndex(t.stores.graph);
    try {
      return await traceForwardLayers(t.stores.graph, id);
    } finally {
      index = await attachReachIndex(t.stores.graph);
    }
  }

  /** Every page of every layer, `limit` objects at a time. */
  async function allPages(id: string, count: number[], limit: number) {
    const pages = [];
    for (const [depth, total] of count.entries())
      for (let offset = 0; offset < total; offset += limit)
        pages.push(await traceForwardLayerPage(t.stores.graph, id, { depth, offset, limit }));
    return pages;
  }

  it('pages every layer of a forward trace into exactly the whole answer, with or without the index', async () => {
    await capture(plant.grow(14));
    await capture(plant.move(20));
    await capture([...plant.move(10), ...plant.correct(3)]);
    const g = t.stores.graph;
    const ids = [plant.lots[0]!, ...plant.lots.slice(1, 8), plant.units[0]!, plant.cases[0]!];
    const answers = async () => {
      const out = [];
      for (const id of ids) {
        const whole = await traceForward(g, id);
        const expected = layersOfWhole(whole);
        const kindOf = new Map(whole.nodes.map((n) => [n.id, n.kind]));
        const layers = await traceForwardLayers(g, id);
        expect(layers.root).toEqual(whole.root);
        expect(layers.layers).toEqual(
          expected.map((ids, depth) => ({
            depth,
            objects: ids.length,
            lots: ids.filter((i) => kindOf.get(i) === 'lot').length,
            units: ids.filter((i) => kindOf.get(i) === 'unit').length,
          })),
        );
        expect(layers.objects).toBe(expected.flat().length);
        expect(layers.containers).toBe(whole.nodes.filter((n) => n.kind === 'container').length);
        // Pages of two: each layer's objects once, in key order; together the whole answer.
        const pages = await allPages(
          id,
          expected.map((l) => l.length),
          2,
        );
        const objects = expected.map(() => [] as string[]);
        for (const p of pages) {
          expect(p.root).toEqual(whole.root);
          expect(p.total).toBe(expected[p.depth]!.length);
          const own = p.nodes.filter((n) => n.id !== whole.root.id || p.depth === 0);
          objects[p.depth]!.push(...own.filter((n) => expected[p.depth]!.includes(n.id)).map((n) => n.id));
          expect(own.filter((n) => ['lot', 'unit'].includes(n.kind)).length).toBeLessThanOrEqual(2);
        }
        expect(objects.map(sorted)).toEqual(expected);
        expect(objects.flat()).toHaveLength(new Set(objects.flat()).size);
        const merged = { nodes: new Map<string, TraceNode>(), edges: [] as TraceEdge[] };
        for (const p of pages) {
          for (const n of p.nodes) merged.nodes.set(n.id, n);
          merged.edges.push(...p.edges);
        }
        const union = sortAnswer({
          nodes: [...merged.nodes.values()],
          edges: [...new Map(merged.edges.map((e) => [JSON.stringify(e), e])).values()],
        });
        expect(union).toEqual(sortAnswer(whole));
        out.push({ layers, union });
      }
      return out;
    };
    index = await attachReachIndex(g);
    const indexed = await answers();
    // Some traces have several layers and layers of several pages.
    expect(Math.max(...indexed.map((a) => a.layers.layers.length))).toBeGreaterThan(3);
    expect(
      Math.max(...indexed.map((a) => Math.max(...a.layers.layers.map((l) => l.objects)))),
    ).toBeGreaterThan(4);
    // The Cypher path gives the same, and so does the index's own answer against the reference.
    for (const id of ids)
      expect(await index.forwardLayers(toCanonicalKey(id))).toEqual(
        await traceForwardLayersByQuery(g, toCanonicalKey(id)),
      );
    detachReachIndex(g);
    expect(await answers()).toEqual(indexed);
    index = await attachReachIndex(g);
  });

  it('answers layers kept for a trace being paged through only while the graph is as it was', async () => {
    const g = t.stores.graph;
    const id = plant.lots[0]!;
    const before = await traceForwardLayers(g, id);
    // the same answer again (kept: the very same object), then a lot made from the last layer's first object
    const kept = await index.forwardLayers(toCanonicalKey(id));
    expect(kept).not.toBeNull();
    expect(await index.forwardLayers(toCanonicalKey(id))).toBe(kept);
    expect(await traceForwardLayers(g, id)).toEqual(before);
    const last = before.layers.at(-1)!;
    const page = await traceForwardLayerPage(g, id, { depth: last.depth, offset: 0, limit: 1 });
    const from = page.objects[0]!;
    const made = lot('L-AFTER-LAYERS');
    await capture([
      transform({
        op: 'L-AFTER-LAYERS-OP',
        t: 5000,
        step: 'mixing',
        inLots: [[from, 1, 'KGM']],
        outLots: [[made, 1, 'KGM']],
      }),
    ]);
    const after = await traceForwardLayers(g, id);
    expect(after.seq).toBeGreaterThan(before.seq);
    expect(await index.forwardLayers(toCanonicalKey(id))).not.toBe(kept);
    expect(after.layers.map((l) => l.objects)).toEqual([...before.layers.map((l) => l.objects), 1]);
    const next = await traceForwardLayerPage(g, id, { depth: last.depth + 1, offset: 0, limit: 10 });
    expect(next.objects).toEqual([made]);
    expect(after).toEqual(await traceForwardLayersViaQuery(id));
  });

  it('asks Neo4j for the packing and shipments of the objects the index knows to have some, with the same rows', async () => {
    const g = t.stores.graph;
    const keys = [...plant.lots, ...plant.units, ...plant.cases, ...plant.pallets, lot('NOT-KNOWN')].map(
      toCanonicalKey,
    );
    const rowsOf = (rows: object[]) => rows.map((r) => JSON.stringify(r)).sort();
    for (const what of ['packing', 'carriers'] as const) {
      const asked = (await index.having(keys, what))!;
      // fewer keys than given, the unknown one among them
      expect(asked.length).toBeGreaterThan(1);
      expect(asked.length).toBeLessThan(keys.length);
      expect(asked).toContain(toCanonicalKey(lot('NOT-KNOWN')));
    }
    expect(rowsOf(await packedInRows(g, keys))).toEqual(rowsOf(await packedInRowsByQuery(g, keys)));
    expect(rowsOf(await carriedByRows(g, keys))).toEqual(rowsOf(await carriedByRowsByQuery(g, keys)));
    expect((await packedInRowsByQuery(g, keys)).length).toBeGreaterThan(5);
    expect((await carriedByRowsByQuery(g, keys)).length).toBeGreaterThan(2);
  });

  it('answers a page past the last layer or the last object empty, the root still named', async () => {
    const g = t.stores.graph;
    const id = plant.lots[0]!;
    const { layers } = await traceForwardLayers(g, id);
    const beyond = await traceForwardLayerPage(g, id, { depth: layers.length, offset: 0, limit: 10 });
    expect(beyond).toMatchObject({ total: 0, depth: layers.length, edges: [] });
    expect(beyond.nodes.map((n) => n.id)).toEqual([beyond.root.id]);
    const last = layers.at(-1)!;
    const after = await traceForwardLayerPage(g, id, { depth: last.depth, offset: last.objects, limit: 10 });
    expect(after).toMatchObject({ total: last.objects, edges: [] });
    expect(after.nodes.map((n) => n.id)).toEqual([after.root.id]);
  });
});
