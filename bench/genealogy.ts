// The genealogy peer benchmark (issue 8): Lotgraph's trace path against PostgreSQL and DuckDB
// recursive CTEs and an in-memory CSR BFS, on identical generated files (bench/genealogy/),
// in one run. Order: generate files once -> load every engine (rates) -> correctness gate (no
// timing unless every engine agrees on every set) -> latency, engines alternated, same sources
// -> the hub in layers (decision 046) -> plan check of the hub trace -> results JSON. bench/README.md
// says how to read it.
//   npm run bench:genealogy                 S and H at full size
//   npm run bench:genealogy -- --quick      small sizes and counts, under 5 minutes
//   options: --with-m (also M, 10 M objects), --no-bulk (--bulk with --quick), --no-write, --heap MB, --pagecache MB,
//            --small N, --lots N, --large N, --hub N, --gate N, --reuse-graph (keep the Neo4j store
//            an earlier run loaded), --only "<section>,<section>" (time only those sections), --tag NAME (results file suffix),
//            --jvm OPTION (a JVM option for Neo4j, repeatable)
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createApp } from '../api/app.ts';
import { readConfig } from '../api/config.ts';
import type { Runtime } from '../api/runtime.ts';
import {
  traceForward,
  traceForwardLayerPage,
  traceForwardLayers,
  type TraceLayerPage,
  type TraceLayers,
} from '../api/services/trace.service.ts';
import { startLocalNeo4j, type RunningNeo4j } from '../cypher/local-neo4j.ts';
import { GraphStore } from '../cypher/neo4j.ts';
import { attachReachIndex, type ReachIndex } from '../cypher/reach-index.ts';
import { resolveItem, traceQueries } from '../cypher/trace.ts';
import { lastSeq } from '../analytics/event-log.store.ts';
import { EPCIS_CONTEXT } from '../domain/trace-event.ts';
import { Rng } from '../etl/demo/prng.ts';
import { GraphProjector, ingestDocument } from '../etl/ingest.ts';
import { CsrGenealogy, digest } from './genealogy/csr.ts';
import { DuckPeer } from './genealogy/duckdb.ts';
import {
  csrEngine,
  duckEngine,
  lotgraphHttpEngine,
  lotgraphIndexEngine,
  lotgraphIndexKeysEngine,
  lotgraphQueryEngine,
  lotgraphServiceEngine,
  neo4jFloorEngine,
  postgresEngine,
  type Engine,
} from './genealogy/engines.ts';
import { SPECS, itemId, kindOfLayer, writeGenealogy, type GenealogyMeta } from './genealogy/generate.ts';
import {
  LOADER_BATCH,
  loadBulk,
  loadThroughProjection,
  readColumns,
  type Columns,
} from './genealogy/lotgraph.ts';
import { PostgresPeer, postgresProblem } from './genealogy/postgres.ts';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string, dflt: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const quick = flag('quick');
const counts = {
  gate: option('gate', quick ? 200 : 1000),
  small: option('small', quick ? 300 : 10_000),
  lots: option('lots', quick ? 60 : 1000),
  large: option('large', quick ? 10 : 200),
  hub: option('hub', quick ? 5 : 20),
  warmup: quick ? 20 : 200,
};
const neo4jHeapMb = option('heap', quick ? 2048 : 4096);
const jvmOptions = argv.flatMap((a, i) => (a === '--jvm' && argv[i + 1] ? [argv[i + 1]!] : []));
const neo4jPageCacheMb = option('pagecache', quick ? 512 : 1536);
const pgSettings = { sharedBuffersMb: quick ? 256 : 1024, workMemMb: 64 };
const workDir = join(import.meta.dirname, 'work');
const started = Date.now();
const log = (m: string) =>
  process.stderr.write(`bench [${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s]: ${m}\n`);
const load = () => loadavg().map((x) => Math.round(x * 100) / 100);

function percentiles(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, p50: r(at(50)), p95: r(at(95)), p99: r(at(99)), max: r(s[s.length - 1] ?? NaN) };
}

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  commit: (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  })(),
  quick,
  counts,
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAtStart: load(),
  },
};
const sections: Record<string, unknown> = {};
results['sections'] = sections;

// ---- 1. files ----------------------------------------------------------------------------
mkdirSync(workDir, { recursive: true });
const names = quick ? ['QS', 'QH'] : flag('with-m') ? ['S', 'H', 'M'] : ['S', 'H'];
const metas: GenealogyMeta[] = [];
for (const name of names) metas.push(await writeGenealogy(SPECS[name]!, workDir, log));
const [S, H] = [metas[0]!, metas[1]!];
results['genealogies'] = metas.map((m) => ({
  name: m.name,
  seed: m.spec.seed,
  objects: m.nodes,
  feeds: m.feeds,
  packedIn: m.packed,
  layers: m.layers,
  suppliers: m.suppliers.length,
  hub: m.hub,
}));
const columns = new Map<string, Columns>(metas.map((m) => [m.name, readColumns(m)]));
const kindOf = (n: number) => {
  for (const m of metas)
    if (n >= m.offset && n < m.offset + m.nodes)
      return kindOfLayer(columns.get(m.name)!.layerOf[n - m.offset]!);
  throw new Error(`node ${n} is in no genealogy`);
};

// ---- 2. engines and loading ----------------------------------------------------------------
const loading: Record<string, unknown> = {};
results['loading'] = loading;
const csrStart = performance.now();
const csrs = metas.map((m) => new CsrGenealogy(m));
loading['csr'] = { seconds: round((performance.now() - csrStart) / 1000) };

const duckFile = join(workDir, 'genealogy-peers.duckdb');
rmSync(duckFile, { force: true });
rmSync(duckFile + '.wal', { force: true });
const duck = await DuckPeer.open(duckFile);
{
  const rates = [];
  for (const m of metas) {
    const r = await duck.load(m);
    rates.push({
      genealogy: m.name,
      rows: r.rows,
      seconds: round(r.seconds),
      rowsPerSecond: Math.round(r.rows / r.seconds),
    });
    log(`duckdb: ${m.name} COPY ${r.rows.toLocaleString('en')} rows in ${r.seconds.toFixed(1)} s`);
  }
  // The Appender path, as Lotgraph's DuckDB wrapper appends rows: S's feeds again.
  const c = columns.get(S.name)!;
  const rows = Array.from({ length: c.src.length }, (_, i) => [c.src[i]!, c.dst[i]!, c.qty[i]!]);
  const a = await duck.appendRate(rows);
  loading['duckdb'] = {
    copy: rates,
    appender: { rows: a.rows, seconds: round(a.seconds), rowsPerSecond: Math.round(a.rows / a.seconds) },
    target: '>= 300,000 rows/s (Appender or COPY)',
  };
  log(`duckdb: Appender ${a.rows.toLocaleString('en')} rows in ${a.seconds.toFixed(1)} s`);
}

let pg: PostgresPeer | null = null;
const pgProblem = postgresProblem();
if (pgProblem) log(`postgres: skipped: ${pgProblem}`);
else {
  const pgDir = join(workDir, 'pg');
  rmSync(pgDir, { recursive: true, force: true });
  pg = await PostgresPeer.start(pgDir, pgSettings, log);
  const rates = [];
  for (const m of metas) {
    const r = await pg.load(m);
    rates.push({
      genealogy: m.name,
      rows: r.rows,
      copySeconds: round(r.copySeconds),
      indexSeconds: round(r.indexSeconds),
      rowsPerSecond: Math.round(r.rows / r.copySeconds),
    });
    log(
      `postgres: ${m.name} COPY ${r.rows.toLocaleString('en')} rows in ${r.copySeconds.toFixed(1)} s, indexes ${r.indexSeconds.toFixed(1)} s`,
    );
  }
  loading['postgres'] = rates;
}

async function startNeo4j(dir: string, keep = false): Promise<{ neo: RunningNeo4j; graph: GraphStore }> {
  if (!keep) rmSync(dir, { recursive: true, force: true });
  const neo = await startLocalNeo4j({
    dataDir: dir,
    boltPort: 0,
    heapMb: neo4jHeapMb,
    pageCacheMb: neo4jPageCacheMb,
    jvmOptions,
  });
  const graph = await GraphStore.connect({ uri: neo.uri, user: neo.user, password: neo.password });
  return { neo, graph };
}
const rate = (c: {
  nodes: number;
  relationships: number;
  nodeSeconds: number;
  relationshipSeconds: number;
  seconds: number;
}) => ({
  nodes: c.nodes,
  relationships: c.relationships,
  seconds: round(c.seconds),
  nodesPerSecond: Math.round(c.nodes / c.nodeSeconds),
  relationshipsPerSecond: Math.round(c.relationships / c.relationshipSeconds),
});

// The bulk path needs a second store: full runs only, or `--quick --bulk` (keeps quick under 5 min).
if (quick ? flag('bulk') : !flag('no-bulk')) {
  const { neo, graph } = await startNeo4j(join(workDir, 'neo4j-bulk'));
  const out = [];
  for (const m of metas) {
    const c = await loadBulk(graph, m, columns.get(m.name)!, { batch: 20_000, log });
    out.push({ genealogy: m.name, ...rate(c) });
    log(
      `neo4j bulk: ${m.name} ${c.relationships.toLocaleString('en')} relationships in ${c.relationshipSeconds.toFixed(1)} s`,
    );
  }
  loading['neo4jBulkCreate'] = { batch: 20_000, byGenealogy: out };
  await graph.close();
  await neo.stop();
  rmSync(join(workDir, 'neo4j-bulk'), { recursive: true, force: true });
}

// --reuse-graph keeps a store loaded by an earlier run with the same files (for trace work only).
const reuse = flag('reuse-graph');
const { neo, graph } = await startNeo4j(join(workDir, 'neo4j'), reuse);
let reachIndex: ReachIndex | null = null;
// The genealogy's objects only: the freshness section's captured units (FRESH-…) stay in the store.
const loadedBefore = reuse
  ? Number(
      (
        await graph.run("MATCH (i:Item) WHERE NOT i.key CONTAINS ':FRESH-' RETURN count(i) AS c", {}, 'READ')
      ).records[0]!.get('c'),
    )
  : 0;
if (loadedBefore === metas.reduce((s, m) => s + m.nodes, 0)) {
  log(`neo4j: reusing the store loaded before (${loadedBefore.toLocaleString('en')} objects)`);
  loading['neo4jProjection'] = 'reused from an earlier run';
  // The log is this run's (a new DuckDB file): the graph has applied none of it yet, so its
  // checkpoint goes back to the log's end, or the freshness captures would be taken as applied.
  await graph.run(
    "MATCH (c:Checkpoint {name: 'graph'}) SET c.seq = $seq",
    { seq: await lastSeq(duck.db) },
    'WRITE',
  );
} else {
  const out = [];
  for (const m of metas) {
    const l0 = load();
    const c = await loadThroughProjection(graph, m, columns.get(m.name)!, { batch: LOADER_BATCH, log });
    out.push({ genealogy: m.name, ...rate(c), load: [l0, load()] });
    log(
      `neo4j projection: ${m.name} ${c.nodes.toLocaleString('en')} nodes, ${c.relationships.toLocaleString('en')} relationships in ${c.seconds.toFixed(1)} s (${Math.round(c.relationships / c.relationshipSeconds).toLocaleString('en')} relationships/s)`,
    );
  }
  loading['neo4jProjection'] = { batch: LOADER_BATCH, byGenealogy: out, target: '>= 50,000 relationships/s' };
}

// The reach index, loaded as the server loads it at start-up (cypher/reach-index.ts); the
// service and HTTP engines use it through the product path (traceForwardRows), the index engine
// directly. Its load time and memory are recorded.
{
  const heap0 = heapMb();
  const l0 = load();
  const t0 = performance.now();
  const index = await attachReachIndex(graph, { onProgress: log });
  const seconds = (performance.now() - t0) / 1000;
  const s = index.stats();
  loading['reachIndex'] = {
    seconds: round(seconds),
    ...s,
    arrayMb: round(s.arrayBytes / 2 ** 20),
    heapGrowthMb: round(heapMb() - heap0),
    bytesPerObject: Math.round(((heapMb() - heap0) * 2 ** 20) / s.nodes),
    note: 'growth of the JavaScript heap and array buffers after a full collection: the typed arrays plus the key map (key strings, Map entries)',
    load: [l0, load()],
  };
  reachIndex = index;
  log(`reach index: ${JSON.stringify(loading['reachIndex'])}`);
}

// The API, serving from the same stores, with a bearer token as an integration sends it.
const stores = { duck: duck.db, graph };
const rt: Runtime = { stores, projector: new GraphProjector(stores), localNeo4j: neo, close: async () => {} };
const token = randomBytes(24).toString('base64url');
const web = await createApp(rt, { ...readConfig({}).security, adminToken: token });
const server: Server = await new Promise((resolve) => {
  const s = web.app.listen(0, '127.0.0.1', () => resolve(s));
});
const addr = server.address();
const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;

const engines: Engine[] = [
  csrEngine(csrs),
  duckEngine(duck),
  ...(pg ? [postgresEngine(pg)] : []),
  lotgraphQueryEngine(graph, kindOf),
  lotgraphIndexEngine(graph, reachIndex!, kindOf),
  lotgraphIndexKeysEngine(reachIndex!, kindOf),
  lotgraphServiceEngine(graph, kindOf),
  lotgraphHttpEngine(base, token, kindOf),
  neo4jFloorEngine(graph),
];

// ---- 3. sources ------------------------------------------------------------------------------
const rng = new Rng(42, 8);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng.float() * xs.length)]!;
const randomNode = (m: GenealogyMeta) => m.offset + Math.floor(rng.float() * m.nodes);
const randomIn = (m: GenealogyMeta, layer: string) => {
  const l = m.layers.find((x) => x.name === layer)!;
  return l.first + Math.floor(rng.float() * l.count);
};
// Supplier-wide recalls: all lots of one supplier (S's main and additive suppliers).
const supplierSets = S.suppliers.map((s) => s.lots);

// ---- 4. correctness gate ---------------------------------------------------------------------
interface Case {
  what: string;
  direction: 'forward' | 'backward';
  sources: number[];
}
const gateCases: Case[] = [];
for (let i = 0; i < counts.gate; i++) {
  const n = randomNode(i % 5 === 4 ? H : S);
  gateCases.push({ what: 'random object', direction: 'forward', sources: [n] });
  gateCases.push({ what: 'random object', direction: 'backward', sources: [n] });
}
for (const set of supplierSets.slice(0, quick ? 4 : supplierSets.length))
  gateCases.push({ what: 'supplier-wide', direction: 'forward', sources: set });
gateCases.push({ what: 'hub', direction: 'forward', sources: [H.hub!] });

async function run(e: Engine, c: Case): Promise<ArrayLike<number> | null> {
  if (c.direction === 'backward') return e.backward ? e.backward(c.sources[0]!) : null;
  if (!e.forward || (e.singleSourceOnly && c.sources.length > 1)) return null;
  return e.forward(c.sources);
}

{
  log(`gate: ${gateCases.length} traces in every engine …`);
  const l0 = load();
  const t0 = performance.now();
  const mismatches: unknown[] = [];
  const sizes: Record<string, number[]> = {};
  let last = performance.now();
  for (const [i, c] of gateCases.entries()) {
    let ref: { count: number; hash: string } | null = null;
    for (const e of engines) {
      if (e.floor) continue;
      const ids = await run(e, c);
      if (!ids) continue;
      const d = digest(ids);
      const distinct = new Set(Array.from(ids)).size;
      if (distinct !== d.count)
        mismatches.push({
          case: c.what,
          direction: c.direction,
          engine: e.name,
          duplicates: d.count - distinct,
        });
      if (!ref) ref = d;
      else if (ref.count !== d.count || ref.hash !== d.hash)
        mismatches.push({
          case: c.what,
          direction: c.direction,
          sources: c.sources.slice(0, 3),
          engine: e.name,
          expected: ref,
          got: d,
        });
    }
    (sizes[`${c.what} ${c.direction}`] ??= []).push(ref?.count ?? 0);
    if (performance.now() - last > 10_000) {
      last = performance.now();
      log(`gate: ${i + 1} / ${gateCases.length}`);
    }
  }
  const reached = Object.fromEntries(
    Object.entries(sizes).map(([k, v]) => [
      k,
      { traces: v.length, ...percentiles(v), mean: Math.round(v.reduce((a, b) => a + b, 0) / v.length) },
    ]),
  );
  sections['gate'] = {
    traces: gateCases.length,
    engines: engines.map((e) => e.name),
    mismatches,
    reached,
    seconds: round((performance.now() - t0) / 1000),
    load: [l0, load()],
  };
  if (mismatches.length) {
    log(`gate FAILED: ${mismatches.length} mismatches, e.g. ${JSON.stringify(mismatches.slice(0, 3))}`);
    await finish(1);
  }
  log(`gate: every engine agrees on ${gateCases.length} traces (${JSON.stringify(reached)})`);
}

// ---- 5. latency ------------------------------------------------------------------------------
const only = (() => {
  const i = argv.indexOf('--only');
  return i >= 0 ? new Set(argv[i + 1]!.split(',').map((x) => x.trim())) : null;
})();
async function timed(name: string, cases: Case[], target?: string) {
  if (only && !only.has(name)) return;
  const eligible = engines.filter((e) =>
    cases.every((c) =>
      c.direction === 'backward' ? e.backward : e.forward && !(e.singleSourceOnly && c.sources.length > 1),
    ),
  );
  // Warm-up: each engine on other sources of the same kind first.
  const warm = cases.slice(0, Math.min(cases.length, counts.warmup));
  for (const e of eligible) for (const c of warm) await run(e, c);
  const ms: Record<string, number[]> = Object.fromEntries(eligible.map((e) => [e.name, []]));
  const l0 = load();
  const t0 = performance.now();
  let last = performance.now();
  for (const [i, c] of cases.entries()) {
    // Engines alternate: each case goes to every engine, starting with a different one.
    for (let k = 0; k < eligible.length; k++) {
      const e = eligible[(i + k) % eligible.length]!;
      const s = performance.now();
      await run(e, c);
      ms[e.name]!.push(performance.now() - s);
    }
    if (performance.now() - last > 15_000) {
      last = performance.now();
      log(`${name}: ${i + 1} / ${cases.length}`);
    }
  }
  const out = {
    traces: cases.length,
    ...(target ? { target } : {}),
    ms: Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, percentiles(v)])),
    seconds: round((performance.now() - t0) / 1000),
    load: [l0, load()],
  };
  sections[name] = out;
  log(
    `${name}: ${Object.entries(out.ms)
      .map(([k, v]) => `${k} p50 ${v.p50} p95 ${v.p95}`)
      .join('; ')}`,
  );
}

const unitsOfS = () => randomIn(S, 'units');
await timed(
  'birth record of a unit',
  Array.from({ length: counts.small }, () => ({
    what: 'unit',
    direction: 'backward' as const,
    sources: [unitsOfS()],
  })),
  'p95 <= 2 ms query layer, <= 5 ms HTTP; <= 4x PostgreSQL',
);
await timed(
  'recall of one supplier lot',
  Array.from({ length: counts.lots }, () => ({
    what: 'lot',
    direction: 'forward' as const,
    sources: [randomIn(S, 'supplier lots')],
  })),
);
await timed(
  'supplier-wide recall',
  Array.from({ length: counts.large }, () => ({
    what: 'supplier',
    direction: 'forward' as const,
    sources: pick(supplierSets),
  })),
  'p95 <= 60 ms and >= 3.5x faster than PostgreSQL',
);
await timed(
  'hub lot recall',
  Array.from({ length: counts.hub }, () => ({
    what: 'hub',
    direction: 'forward' as const,
    sources: [H.hub!],
  })),
  'p95 <= 250 ms',
);

// The hub's forward trace as the explorer fetches it above LOTGRAPH_TRACE_WHOLE_MAX (decision
// 046): its layers, then the first page of the first two layers; and a page of 1,000 from the
// middle of its widest layer. Through the service and over HTTP, alternated; the whole answer
// through the service beside them (a few runs: it takes seconds). Every page is checked to
// hold its objects and the layers' counts to add up to the reach.
if (!only || only.has('hub lot in layers')) {
  const hubId = itemId('lot', H.hub!);
  const runs = Math.max(3, counts.hub);
  const http = async <T>(path: string, q: Record<string, string | number>) => {
    const qs = new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]));
    const res = await fetch(`${base}${path}?${qs}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`HTTP ${res.status} for ${path}: ${await res.text()}`);
    return (await res.json()) as T;
  };
  const shape = await traceForwardLayers(graph, hubId);
  const widest = shape.layers.reduce((a, b) => (b.objects > a.objects ? b : a));
  const middle = { depth: widest.depth, offset: Math.floor(widest.objects / 2), limit: 1000 };
  const first = (l: TraceLayers) =>
    l.layers.slice(0, 2).map((x) => ({ depth: x.depth, offset: 0, limit: 1000 }));
  const expectPage = (p: TraceLayerPage, want: { depth: number; offset: number; limit: number }) => {
    const n = Math.min(want.limit, shape.layers[want.depth]!.objects - want.offset);
    if (p.objects.length !== n)
      throw new Error(
        `layer ${want.depth} page at ${want.offset}: ${p.objects.length} objects, expected ${n}`,
      );
  };
  const steps: Record<string, () => Promise<void>> = {
    'service: layers': async () => {
      const l = await traceForwardLayers(graph, hubId);
      if (l.objects !== shape.objects) throw new Error('the layers changed');
    },
    'service: first view (layers, then two pages)': async () => {
      const l = await traceForwardLayers(graph, hubId);
      const want = first(l);
      const pages = await Promise.all(want.map((w) => traceForwardLayerPage(graph, hubId, w)));
      pages.forEach((p, i) => expectPage(p, want[i]!));
    },
    'service: a page of 1,000 of the widest layer': async () =>
      expectPage(await traceForwardLayerPage(graph, hubId, middle), middle),
    'HTTP: first view (layers, then two pages)': async () => {
      const l = await http<TraceLayers>('/api/trace/forward/layers', { id: hubId });
      const want = first(l);
      const pages = await Promise.all(
        want.map((w) => http<TraceLayerPage>('/api/trace/forward/layer', { id: hubId, ...w })),
      );
      pages.forEach((p, i) => expectPage(p, want[i]!));
    },
    'HTTP: a page of 1,000 of the widest layer': async () =>
      expectPage(await http<TraceLayerPage>('/api/trace/forward/layer', { id: hubId, ...middle }), middle),
  };
  const ms: Record<string, number[]> = Object.fromEntries(Object.keys(steps).map((k) => [k, []]));
  const names = Object.keys(steps);
  for (const name of names) await steps[name]!(); // warm-up
  const l0 = load();
  for (let i = 0; i < runs; i++)
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length]!;
      const t0 = performance.now();
      await steps[name]!();
      ms[name]!.push(performance.now() - t0);
    }
  const whole: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await traceForward(graph, hubId);
    whole.push(performance.now() - t0);
  }
  sections['hub lot in layers'] = {
    runs,
    objects: shape.objects,
    containers: shape.containers,
    layers: shape.layers.map((l) => l.objects),
    widestLayer: { depth: widest.depth, objects: widest.objects, pageAt: middle.offset },
    ms: {
      ...Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, percentiles(v)])),
      'service: whole answer (3 runs)': percentiles(whole),
    },
    load: [l0, load()],
  };
  log(`hub lot in layers: ${JSON.stringify(sections['hub lot in layers'])}`);
}

// ---- 6. freshness: a captured event visible in both stores ---------------------------------------
if (!only || only.has('freshness')) {
  const ms: number[] = [];
  for (let k = 0; k < 5; k++) {
    const unit = `urn:lotgraph:unit:FRESH-${Date.now()}-${k}`;
    const before = await lastSeq(duck.db);
    const s = performance.now();
    await ingestDocument(
      stores,
      rt.projector,
      {
        '@context': EPCIS_CONTEXT,
        type: 'EPCISDocument',
        schemaVersion: '2.0',
        creationDate: new Date().toISOString(),
        epcisBody: {
          eventList: [
            {
              type: 'ObjectEvent',
              eventTime: new Date().toISOString(),
              eventTimeZoneOffset: '+00:00',
              action: 'ADD',
              bizStep: 'commissioning',
              epcList: [unit],
            },
          ],
        },
      },
      { source: 'bench' },
    );
    // Visible: the log (DuckDB) has moved on and the trace finds the new unit (Neo4j).
    for (;;) {
      const inDuck = (await lastSeq(duck.db)) > before;
      const inGraph = (await resolveItem(graph, unit, unit)).length === 1;
      if (inDuck && inGraph) break;
      if (performance.now() - s > 10_000) throw new Error(`captured unit ${unit} not visible after 10 s`);
      await new Promise((r) => setTimeout(r, 5));
    }
    ms.push(performance.now() - s);
  }
  sections['freshness'] = {
    captures: ms.length,
    ms: percentiles(ms),
    target: 'visible in both stores within 2 s',
  };
  log(`freshness: ${JSON.stringify(percentiles(ms))}`);
}

// ---- 7. the hub trace's plan ---------------------------------------------------------------------
{
  interface PlanNode {
    operatorType: string;
    dbHits: number;
    children: PlanNode[];
  }
  const ops = (p: PlanNode): string[] => [p.operatorType, ...p.children.flatMap(ops)];
  const hits = (p: PlanNode): number => p.dbHits + p.children.reduce((s, c) => s + hits(c), 0);
  const plans: Record<string, unknown> = {};
  const set = new Set(Array.from(csrs[1]!.forward([H.hub!])));
  const reached = set.size;
  // Edges the hub's recall follows: FEEDS and PACKED_IN out of the objects it reaches.
  const hc = columns.get(H.name)!;
  let edges = 0;
  for (const x of hc.src) if (set.has(x)) edges++;
  for (const x of hc.child) if (set.has(x)) edges++;
  for (const [name, q, params] of [
    ['trace_forward', traceQueries.forward, { key: itemId('lot', H.hub!) }],
    ['reach_forward', traceQueries.reachForward, { keys: [itemId('lot', H.hub!)] }],
  ] as const) {
    const r = await graph.run(`PROFILE ${q.text}`, params, 'READ');
    const plan = r.summary.profile as unknown as PlanNode;
    plans[name] = {
      dbHits: hits(plan),
      dbHitsPerEdgeReached: round(hits(plan) / edges),
      pruningExpand: ops(plan).some((o) => /Pruning|BFS/.test(o)),
      operators: [...new Set(ops(plan))],
    };
  }
  sections['hub plan'] = {
    objectsReached: reached,
    edgesReached: edges,
    plans,
    target: 'db hits within 4x the edges reached',
  };
  log(`hub plan: ${JSON.stringify(plans)}`);
}

await finish(0);

async function finish(code: number): Promise<never> {
  results['memory'] = {
    neo4j: {
      heapMb: neo4jHeapMb,
      pageCacheMb: neo4jPageCacheMb,
      jvmOptions,
      storeMb: duMb(join(workDir, 'neo4j', 'neo4j', 'data')),
    },
    postgres: pg ? { ...pgSettings, serverRssMb: pg.rssMb() } : null,
    benchProcessRssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
    note: 'the API runs inside the bench process, beside the CSR arrays and DuckDB; its RSS is an upper bound',
  };
  results['versions'] = {
    neo4j: '5.26 community (local launcher)',
    postgres: pg ? await pg.version() : null,
    duckdb: await duck.version(),
    duckdbShapes: duck.shapes,
  };
  results['machine'] = { ...(results['machine'] as object), loadAtEnd: load() };
  server.close();
  await web.close();
  await graph.close();
  await neo.stop();
  await pg?.stop();
  duck.close();
  if (!flag('no-write')) {
    mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
    const i = argv.indexOf('--tag');
    const tag = (quick ? '-quick' : '') + (i >= 0 ? `-${argv[i + 1]}` : '');
    const file = join(
      import.meta.dirname,
      'results',
      `${String(results['date']).slice(0, 10)}-genealogy${tag}.json`,
    );
    writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
    log(`results written to ${file}`);
  }
  console.log(JSON.stringify(results, null, 2));
  process.exit(code);
}

/** JavaScript heap and array buffers in use after a full collection. */
function heapMb(): number {
  setFlagsFromString('--expose_gc');
  (runInNewContext('gc') as () => void)();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 2 ** 20;
}
function round(x: number) {
  return Math.round(x * 100) / 100;
}
function duMb(dir: string): number | null {
  if (!existsSync(dir)) return null;
  try {
    return Math.round(Number(execFileSync('du', ['-sm', dir], { encoding: 'utf8' }).split('\t')[0]));
  } catch {
    return null;
  }
}
