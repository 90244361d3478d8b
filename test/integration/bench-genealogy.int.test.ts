// The genealogy peer benchmark's harness at a tiny scale (bench/genealogy): the generated files
// loaded into every engine (CSR BFS, DuckDB and PostgreSQL recursive CTEs, the real Neo4j through
// the projection's UNWIND statements) give the same reachable sets, forward and backward, for
// single objects, supplier-wide recalls and the hub lot, and Lotgraph's answers are those.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsrGenealogy } from '../../bench/genealogy/csr.ts';
import { DuckPeer } from '../../bench/genealogy/duckdb.ts';
import {
  csrEngine,
  duckEngine,
  lotgraphIndexEngine,
  lotgraphIndexKeysEngine,
  lotgraphQueryEngine,
  lotgraphServiceEngine,
  postgresEngine,
  type Engine,
} from '../../bench/genealogy/engines.ts';
import { SPECS, kindOfLayer, writeGenealogy, type GenealogyMeta } from '../../bench/genealogy/generate.ts';
import { loadThroughProjection, readColumns, type Columns } from '../../bench/genealogy/lotgraph.ts';
import { PostgresPeer, postgresProblem } from '../../bench/genealogy/postgres.ts';
import { reachIndexOf } from '../../cypher/reach-index.ts';
import { Rng } from '../../etl/demo/prng.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

let dir: string;
let t: TestStores;
let duck: DuckPeer;
let pg: PostgresPeer;
let metas: GenealogyMeta[];
let engines: Engine[];
const columns = new Map<string, Columns>();

beforeAll(async () => {
  // The benchmark's PostgreSQL peer is part of what this test guards: it must be installed.
  expect(postgresProblem()).toBeNull();
  dir = mkdtempSync(join(tmpdir(), 'lotgraph-genealogy-'));
  metas = [await writeGenealogy(SPECS['T']!, dir), await writeGenealogy(SPECS['TH']!, dir)];
  for (const m of metas) columns.set(m.name, readColumns(m));
  const kindOf = (n: number) => {
    const m = metas.find((x) => n >= x.offset && n < x.offset + x.nodes)!;
    return kindOfLayer(columns.get(m.name)!.layerOf[n - m.offset]!);
  };
  t = await openTestStores();
  for (const m of metas)
    await loadThroughProjection(t.stores.graph, m, columns.get(m.name)!, { batch: 100, log: () => {} });
  duck = await DuckPeer.open(join(dir, 'peers.duckdb'));
  pg = await PostgresPeer.start(join(dir, 'pg'), { sharedBuffersMb: 32, workMemMb: 4 }, () => {});
  for (const m of metas) {
    await duck.load(m);
    await pg.load(m);
  }
  engines = [
    csrEngine(metas.map((m) => new CsrGenealogy(m))),
    duckEngine(duck),
    postgresEngine(pg),
    lotgraphQueryEngine(t.stores.graph, kindOf),
    // the test stores' reach index followed the load batch by batch, as after captures
    lotgraphIndexEngine(t.stores.graph, reachIndexOf(t.stores.graph)!, kindOf),
    lotgraphIndexKeysEngine(reachIndexOf(t.stores.graph)!, kindOf),
    lotgraphServiceEngine(t.stores.graph, kindOf),
  ];
});

afterAll(async () => {
  await pg?.stop();
  duck?.close();
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sorted = (xs: ArrayLike<number>) => Array.from(xs).sort((a, b) => a - b);

/** Every engine's answer, by engine name; forward from several sources only where supported. */
async function answers(direction: 'forward' | 'backward', sources: number[]) {
  const out: Record<string, number[]> = {};
  for (const e of engines) {
    if (direction === 'backward') {
      if (e.backward) out[e.name] = sorted(await e.backward(sources[0]!));
    } else if (e.forward && !(e.singleSourceOnly && sources.length > 1))
      out[e.name] = sorted(await e.forward(sources));
  }
  return out;
}

describe('genealogy peers on identical files', () => {
  it('wrote the sizes the specification gives', () => {
    const [T, TH] = metas as [GenealogyMeta, GenealogyMeta];
    // 2 families x (24 supplier lots + 30 + 18 + 40 lots + 120 units + 30 cases + 10 pallets)
    expect(T.nodes).toBe(2 * (24 + 30 + 18 + 40 + 120 + 30 + 10));
    // one FEEDS into each unit, from its finished lot; each made lot has inputs from the layer below
    const c = columns.get('T')!;
    const intoUnits = Array.from(c.dst).filter((d) => c.layerOf[d - T.offset] === 4).length;
    expect(intoUnits).toBe(2 * 120);
    const made = new Set(Array.from(c.dst));
    for (let n = T.offset; n < T.offset + T.nodes; n++)
      expect({ n, made: made.has(n) }).toEqual({
        n,
        made: c.layerOf[n - T.offset]! >= 1 && c.layerOf[n - T.offset]! <= 4,
      });
    expect(T.packed).toBe(2 * (120 + 30));
    expect(TH.hub).toBe(TH.offset);
  });

  it('agrees on the recall and the birth record of sampled objects of every layer', async () => {
    const rng = new Rng(1, 1);
    for (const m of metas)
      for (let i = 0; i < 40; i++) {
        const n = m.offset + Math.floor(rng.float() * m.nodes);
        for (const direction of ['forward', 'backward'] as const) {
          const a = await answers(direction, [n]);
          const expected = a['csr-bfs']!;
          expect(expected).toContain(n);
          // the reach index answers both ways (birth records through traceBackwardRowsByIndex)
          expect(Object.keys(a)).toContain('lotgraph-index');
          for (const [engine, got] of Object.entries(a))
            expect({ n, direction, engine, got }).toEqual({ n, direction, engine, got: expected });
        }
      }
  });

  it('agrees on supplier-wide recalls', async () => {
    for (const s of metas[0]!.suppliers) {
      const a = await answers('forward', s.lots);
      expect(Object.keys(a)).toEqual([
        'csr-bfs',
        'duckdb',
        'postgres',
        'lotgraph-query',
        'lotgraph-index',
        'lotgraph-index-keys',
      ]);
      for (const [engine, got] of Object.entries(a))
        expect({ engine, got }).toEqual({ engine, got: a['csr-bfs'] });
    }
  });

  it('reaches everything but the flour lots from the hub, in every engine', async () => {
    const TH = metas[1]!;
    const flour = TH.suppliers[1]!.lots;
    const expected = Array.from({ length: TH.nodes }, (_, i) => TH.offset + i).filter(
      (n) => !flour.includes(n),
    );
    const a = await answers('forward', [TH.hub!]);
    for (const [engine, got] of Object.entries(a)) expect({ engine, got }).toEqual({ engine, got: expected });
  });

  it('traces with DuckDB USING KEY recursion and with UNION to the same sets', async () => {
    const chosen = duck.shapes;
    duck.shapes = { forward: 'key', backward: 'union' };
    try {
      const T = metas[0]!;
      const csr = engines[0]!;
      for (const s of T.suppliers)
        expect(sorted(await duck.forward(s.lots))).toEqual(sorted(await csr.forward!(s.lots)));
      for (let n = T.offset; n < T.offset + T.nodes; n += 7)
        expect(sorted(await duck.backward(n))).toEqual(sorted(await csr.backward!(n)));
    } finally {
      duck.shapes = chosen;
    }
  });
});
