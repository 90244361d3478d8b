// Benchmarks of the foundation's speed targets, on the real local Neo4j and DuckDB:
//   1. demo scale 1 ingest (target: under 60 s)
//   2. backward trace of a unit, service layer and HTTP API (target: p95 under 50 ms)
//   3. forward recall of the most-used additive lot at scale 10 (target: under 1 s)
// `npm run bench` runs all; `npm run bench -- --quick` skips scale 10. Results go to
// bench/results/<date>-foundation.json and are summarised in bench/README.md by hand.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../api/app.ts';
import { readConfig } from '../api/config.ts';
import { openRuntime, type Runtime } from '../api/runtime.ts';
import { recallScope, traceBackward } from '../api/services/trace.service.ts';
import { sampleObjects } from '../analytics/sample.ts';
import { generateDemo } from '../etl/demo/demo.generator.ts';
import { ingestMany } from '../etl/ingest.ts';

const quick = process.argv.includes('--quick');
const workDir = join(import.meta.dirname, 'work');
const log = (m: string) => process.stderr.write(`bench: ${m}\n`);

function percentiles(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, p50: r(at(50)), p95: r(at(95)), p99: r(at(99)), max: r(s[s.length - 1]!) };
}

async function timeEach<T>(items: T[], fn: (x: T) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (const x of items) {
    const t0 = performance.now();
    await fn(x);
    out.push(performance.now() - t0);
  }
  return out;
}

async function withDemo<T>(
  scale: number,
  fn: (
    rt: Runtime,
    facts: ReturnType<ReturnType<typeof generateDemo>['facts']>,
    loadSeconds: number,
  ) => Promise<T>,
) {
  const dataDir = join(workDir, `scale-${scale}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const cfg = { ...readConfig({ LOTGRAPH_DATA_DIR: dataDir, LOTGRAPH_NEO4J_BOLT_PORT: '0' }), neo4j: null };
  const rt = await openRuntime(cfg, log);
  try {
    const demo = generateDemo({ scale, seed: 1 });
    let last = 0;
    const t0 = performance.now();
    await ingestMany(rt.stores, rt.projector, demo.documents, {
      source: 'bench',
      onProgress: (m) => {
        if (performance.now() - last > 10_000) {
          last = performance.now();
          log(`scale ${scale}: ${m}`);
        }
      },
    });
    const loadSeconds = (performance.now() - t0) / 1000;
    log(`scale ${scale}: loaded in ${loadSeconds.toFixed(1)} s`);
    return await fn(rt, demo.facts(), loadSeconds);
  } finally {
    await rt.close();
  }
}

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  neo4j: {
    version: '5.26.30 community, local launcher',
    heap: process.env['LOTGRAPH_NEO4J_HEAP'] ?? '2g',
    pageCache: '512m',
  },
};

await withDemo(1, async (rt, facts, loadSeconds) => {
  results['scale1'] = {
    events: facts.counts.events,
    loadSeconds: Math.round(loadSeconds * 10) / 10,
    eventsPerSecond: Math.round(facts.counts.events / loadSeconds),
    target: 'load < 60 s',
  };
  const units = await sampleObjects(rt.stores.duck, 'unit', quick ? 200 : 1000);
  await timeEach(units.slice(0, 50), (u) => traceBackward(rt.stores.graph, u)); // warm-up
  const service = percentiles(await timeEach(units, (u) => traceBackward(rt.stores.graph, u)));
  // The HTTP path includes authentication: a bearer token, as an integration would send.
  const token = randomBytes(24).toString('base64url');
  const web = await createApp(rt, { ...readConfig({}).security, adminToken: token });
  const server: Server = await new Promise((resolve) => {
    const s = web.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const addr = server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const http = percentiles(
    await timeEach(units, async (u) => {
      const res = await fetch(`${base}/api/trace/backward?id=${encodeURIComponent(u)}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await res.arrayBuffer();
    }),
  );
  server.close();
  await web.close();
  results['backwardTraceUnit'] = { service, http, target: 'p95 < 50 ms' };
  const recall = percentiles(
    await timeEach(Array(10).fill(facts.mostUsedAdditiveLot), (id) => recallScope(rt.stores.graph, id)),
  );
  const scope = await recallScope(rt.stores.graph, facts.mostUsedAdditiveLot);
  results['recallMostUsedAdditiveScale1'] = {
    lot: facts.mostUsedAdditiveLot,
    lots: scope.lots.length,
    containers: scope.containers.length,
    shipments: scope.shipments.length,
    ms: recall,
  };
  log(
    `scale 1: backward trace p95 ${service.p95} ms (HTTP ${http.p95} ms); recall of the hub lot p95 ${recall.p95} ms`,
  );
});

if (!quick)
  await withDemo(10, async (rt, facts, loadSeconds) => {
    const scope = await recallScope(rt.stores.graph, facts.mostUsedAdditiveLot);
    const ms = percentiles(
      await timeEach(Array(10).fill(facts.mostUsedAdditiveLot), (id) => recallScope(rt.stores.graph, id)),
    );
    results['scale10'] = {
      events: facts.counts.events,
      loadSeconds: Math.round(loadSeconds),
      eventsPerSecond: Math.round(facts.counts.events / loadSeconds),
    };
    results['recallMostUsedAdditiveScale10'] = {
      lot: facts.mostUsedAdditiveLot,
      lots: scope.lots.length,
      containers: scope.containers.length,
      shipments: scope.shipments.length,
      ms,
      target: 'under 1 s',
    };
    log(`scale 10: recall of the hub lot p95 ${ms.p95} ms over ${scope.lots.length} lots`);
  });

mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
const file = join(
  import.meta.dirname,
  'results',
  `${results['date']!.toString().slice(0, 10)}-foundation${quick ? '-quick' : ''}.json`,
);
writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
console.log(JSON.stringify(results, null, 2));
log(`results written to ${file}`);
