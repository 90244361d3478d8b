// Two projection batches in flight (decision 047), on the real local Neo4j: the graph ends as one
// batch at a time leaves it (the demo's log, and a genealogy loaded as the loader bench does); the checkpoint moves in log order only, over a batch that committed
// before the one before it; a failed batch leaves the checkpoint where it was and the next run
// writes it again; a checkpoint moved by another writer refuses the batch whole.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastSeq } from '../../analytics/event-log.store.ts';
import { SPECS, writeGenealogy } from '../../bench/genealogy/generate.ts';
import { loadThroughProjection, readColumns } from '../../bench/genealogy/lotgraph.ts';
import { AppError } from '../../domain/errors.ts';
import {
  CheckpointMoved,
  clearGraph,
  emptyGraphBatch,
  graphCheckpoint,
  type GraphBatch,
} from '../../cypher/projection.ts';
import { GraphBatchWriter } from '../../cypher/projection-writer.ts';
import { generateDemo } from '../../etl/demo/demo.generator.ts';
import { GraphProjector, ingestDocument } from '../../etl/ingest.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

let t: TestStores;
beforeAll(async () => {
  t = await openTestStores();
});
afterAll(async () => t?.close());

/** Every node (but checkpoints) and relationship with its properties, as sorted text. */
async function dump(): Promise<string[]> {
  const g = t.stores.graph;
  const id = (v: string) => `coalesce(${v}.key, ${v}.id, ${v}.code, ${v}.name)`;
  const sorted = (o: Record<string, unknown>) =>
    JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b))));
  const nodes = await g.run(
    `MATCH (n) WHERE NOT n:Checkpoint RETURN labels(n) AS l, properties(n) AS p`,
    {},
    'READ',
  );
  const rels = await g.run(
    `MATCH (a)-[r]->(b) RETURN type(r) AS t, ${id('a')} AS a, ${id('b')} AS b, properties(r) AS p`,
    {},
    'READ',
  );
  return [
    ...nodes.records.map((r) => `${[...(r.get('l') as string[])].sort().join(':')} ${sorted(r.get('p'))}`),
    ...rels.records.map((r) => `${r.get('t')} ${r.get('a')} -> ${r.get('b')} ${sorted(r.get('p'))}`),
  ].sort();
}

const checkpointNode = async () => {
  const r = await t.stores.graph.run(
    `MATCH (c:Checkpoint {name: 'graph'}) RETURN c.seq AS seq, c.aheadFrom AS aheadFrom, c.aheadTo AS aheadTo`,
    {},
    'READ',
  );
  return r.records[0]?.toObject() ?? null;
};

describe('two batches in flight against one at a time', () => {
  it('leaves the graph exactly as one batch at a time does (a plant log in time order: few pairs can overlap)', async () => {
    for (const document of generateDemo({ scale: 0.05, seed: 7 }).documents)
      await ingestDocument(t.stores, t.projector, document, { source: 'test', project: false });
    const end = await lastSeq(t.stores.duck);
    expect(end).toBeGreaterThan(2_000);

    const project = async (inFlight: 1 | 2) => {
      await clearGraph(t.stores.graph);
      // Small batches, so the run has many pairs to overlap.
      const p = new GraphProjector(t.stores, { inFlight, pageSize: 100 });
      const reached = await p.catchUp();
      p.stop();
      return { reached, graph: await dump(), checkpoint: await checkpointNode(), writer: p.lastRun };
    };
    const one = await project(1);
    const two = await project(2);
    expect(one.reached).toBe(end);
    expect(two.reached).toBe(end);
    expect(two.checkpoint).toEqual({ seq: end, aheadFrom: null, aheadTo: null });
    // Consecutive windows share objects both write (units made in one, packed in the next), so
    // few pairs may overlap (how many also depends on timing); every batch went through the writer.
    expect(two.writer).toMatchObject({ batches: Math.ceil(end / 100), rewritten: 0 });
    expect(one.writer!.overlapped).toBe(0);
    expect(one.graph.length).toBeGreaterThan(5_000);
    expect(two.graph).toEqual(one.graph);
  });

  it('a genealogy loaded as the loader bench does: most batches overlapped, the same graph as one at a time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lotgraph-writer-'));
    try {
      const meta = await writeGenealogy(SPECS['T']!, dir);
      const cols = readColumns(meta);
      const load = async (inFlight: 1 | 2) => {
        await clearGraph(t.stores.graph);
        const c = await loadThroughProjection(t.stores.graph, meta, cols, {
          batch: 20,
          log: () => undefined,
          inFlight,
        });
        return { c, graph: await dump() };
      };
      const one = await load(1);
      const two = await load(2);
      expect(one.c.writer.overlapped).toBe(0);
      expect(two.c.writer.overlapped).toBeGreaterThan(two.c.writer.batches / 2);
      expect(two.c.writer.rewritten).toBe(0);
      expect(one.graph.length).toBeGreaterThan(1_000);
      expect(two.graph).toEqual(one.graph);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('overlaps batches that cannot interfere, and not the others', async () => {
    await clearGraph(t.stores.graph);
    const w = new GraphBatchWriter(t.stores.graph, { from: 0 });
    const key = (n: string) => `urn:test:lot:${n}`;
    const items = (...n: string[]) => n.map((x) => ({ key: key(x), id: key(x), code: x, kind: 'lot' }));
    const status = (x: string) => ({ key: key(x), status: 'active', time: '2026-01-01T00:00:00Z' });
    await w.push({ ...emptyGraphBatch(1), items: items('A') });
    await w.push({ ...emptyGraphBatch(2), items: items('B') }); // disjoint: overlapped
    await w.push({ ...emptyGraphBatch(3), status: [status('B')] }); // B is the batch before's: alone
    await w.push({ ...emptyGraphBatch(4), status: [status('A')] }); // overlapped
    expect(await w.finish()).toBe(4);
    expect(w.stats).toEqual({ batches: 4, overlapped: 2, rewritten: 0 });
    expect(await graphCheckpoint(t.stores.graph)).toBe(4);
  });
});

describe('the checkpoint with two batches in flight', () => {
  const key = (n: string) => `urn:test:lot:${n}`;
  const A = (): GraphBatch => ({
    ...emptyGraphBatch(10),
    items: [{ key: key('A'), id: key('A'), code: 'A', kind: 'lot' }],
  });
  const B = (): GraphBatch => ({
    ...emptyGraphBatch(20),
    items: [{ key: key('B'), id: key('B'), code: 'B', kind: 'lot' }],
  });
  const visible = async (k: string) => {
    for (let i = 0; i < 200; i++) {
      const r = await t.stores.graph.run('MATCH (i:Item {key: $k}) RETURN count(i) AS n', { k }, 'READ');
      if (r.records[0]!.get('n') === 1) return true;
      await new Promise((r) => setTimeout(r, 25));
    }
    return false;
  };
  beforeEach(async () => clearGraph(t.stores.graph));

  it('a batch committed before the one before it is recorded ahead, and passed over once that one commits', async () => {
    const seen: unknown[] = [];
    const w = new GraphBatchWriter(t.stores.graph, {
      from: 0,
      // The first batch moves the checkpoint only once the second has committed: the order a slow
      // first batch gives.
      beforeCheckpoint: async (b) => {
        if (b.seq !== 10) return;
        seen.push(await visible(key('B')), await checkpointNode());
      },
    });
    await w.push(A());
    await w.push(B());
    expect(await w.finish()).toBe(20);
    expect(seen).toEqual([true, { seq: 0, aheadFrom: 10, aheadTo: 20 }]);
    expect(await checkpointNode()).toEqual({ seq: 20, aheadFrom: null, aheadTo: null });
    expect(w.stats).toEqual({ batches: 2, overlapped: 1, rewritten: 0 });
  });

  it('a batch that fails leaves the checkpoint before it; the next run writes it and the one ahead again', async () => {
    const refused = new AppError('INVALID_INPUT', 'refused on purpose');
    const w = new GraphBatchWriter(t.stores.graph, {
      from: 0,
      beforeCheckpoint: async (b) => {
        if (b.seq === 10 && (await visible(key('B')))) throw refused;
      },
    });
    await w.push(A());
    await w.push(B()).catch(() => undefined);
    await expect(w.finish()).rejects.toBe(refused);
    // The second batch is in the graph, the first is not, and the checkpoint says neither.
    expect(await checkpointNode()).toEqual({ seq: 0, aheadFrom: 10, aheadTo: 20 });
    expect(await visible(key('B'))).toBe(true);
    expect(
      (
        await t.stores.graph.run('MATCH (i:Item {key: $k}) RETURN count(i) AS n', { k: key('A') }, 'READ')
      ).records[0]!.get('n'),
    ).toBe(0);

    const again = new GraphBatchWriter(t.stores.graph, { from: await graphCheckpoint(t.stores.graph) });
    await again.push(A());
    expect(await again.finish()).toBe(10);
    // What the run before recorded ahead is not passed over: the checkpoint moves to 10 only.
    expect(await checkpointNode()).toMatchObject({ seq: 10, aheadFrom: null });
    await again.push(B());
    expect(await again.finish()).toBe(20);
    expect(await checkpointNode()).toEqual({ seq: 20, aheadFrom: null, aheadTo: null });
    const sequential = await dump();
    await clearGraph(t.stores.graph);
    const one = new GraphBatchWriter(t.stores.graph, { from: 0, inFlight: 1 });
    await one.push(A());
    await one.push(B());
    await one.finish();
    expect(sequential).toEqual(await dump());
  });

  it('a checkpoint moved by another writer refuses the batch whole', async () => {
    const other = new GraphBatchWriter(t.stores.graph, { from: 0 });
    await other.push({ ...emptyGraphBatch(5) });
    await other.finish();
    const w = new GraphBatchWriter(t.stores.graph, { from: 0 });
    await w.push(A());
    const err = await w.finish().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CheckpointMoved);
    expect(err).toMatchObject({ code: 'CONFLICT', expected: 0, found: 5 });
    expect(await graphCheckpoint(t.stores.graph)).toBe(5);
    expect(
      (await t.stores.graph.run('MATCH (i:Item) RETURN count(i) AS n', {}, 'READ')).records[0]!.get('n'),
    ).toBe(0);
  });
});
