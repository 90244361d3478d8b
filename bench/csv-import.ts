// Benchmark of the streamed CSV import (decision 030): generates a bakery bundle of the given
// size in bench/work/ (etl/demo/csv-bundle.generator.ts) and imports it into fresh real stores
// (the local Neo4j and a DuckDB file) through importCsvBundle, as `lotgraph import` does.
// Reports rows/s and events/s per phase, the peak RSS and heap (sampled every 100 ms), the heap
// the per-key state takes after the check pass (after a full collection), and the machine's
// load. `npm run bench:csv` (1 GB); `npm run bench:csv -- --mb 150` for a smaller run;
// `--no-graph` leaves the graph projection out; `--duck-memory 512MB` caps DuckDB's memory;
// `--key-memory 64` sets the per-key state's memory budget in MB (decision 037; default 64). Run
// with `node --max-old-space-size=<MB>` to show the import completes in a small heap. A refused
// import (out of memory under `--duck-memory`) is written too, with how far it got.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { readConfig } from '../api/config.ts';
import { openRuntime } from '../api/runtime.ts';
import { importCsvBundle } from '../etl/csv/csv.import.ts';
import { csvSources } from '../etl/csv/csv.stream.ts';
import { BYTES_PER_UNIT, writeCsvBundle, type GeneratedBundle } from '../etl/demo/csv-bundle.generator.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const mb = Number(arg('--mb') ?? 1024);
const graphToo = !process.argv.includes('--no-graph');
const duckMemory = arg('--duck-memory');
const keyMemoryMB = arg('--key-memory');
const workDir = join(import.meta.dirname, 'work');
const bundle = join(workDir, `csv-${mb}mb`);
const dataDir = join(workDir, 'csv-data');
const log = (m: string) => process.stderr.write(`bench: ${m}\n`);
const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

// ---- the bundle (kept between runs of the same size) ----
let g: GeneratedBundle;
const meta = join(bundle, 'generated.json');
if (existsSync(meta)) g = JSON.parse(readFileSync(meta, 'utf8')) as GeneratedBundle;
else {
  rmSync(bundle, { recursive: true, force: true });
  const units = Math.ceil((mb * MB) / BYTES_PER_UNIT);
  log(`writing a ${mb} MB bundle (${units.toLocaleString('en')} units) to ${bundle}`);
  g = writeCsvBundle(
    bundle,
    units,
    (n) => n % 100_000 === 0 && log(`${n.toLocaleString('en')} units written`),
  );
  writeFileSync(meta, JSON.stringify(g));
}
log(
  `bundle: ${(g.bytes / MB).toFixed(0)} MB, ${g.rows.toLocaleString('en')} rows, ${g.events.toLocaleString('en')} events`,
);

// ---- memory, sampled ----
let peakRss = 0;
let peakHeap = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};
const sampler = setInterval(sample, 100);

const machineBefore = { loadavg: loadavg() };
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
const cfg = { ...readConfig({ LOTGRAPH_DATA_DIR: dataDir, LOTGRAPH_NEO4J_BOLT_PORT: '0' }), neo4j: null };
const rt = await openRuntime(cfg, log);
if (duckMemory) await rt.stores.duck.transaction((tx) => tx.run(`SET memory_limit = '${duckMemory}'`));
gc?.();
const baseline = process.memoryUsage();
// what the import keeps: the heap and the typed arrays outside it (the key tables)
const liveNow = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const live0 = liveNow();
peakRss = baseline.rss;
peakHeap = baseline.heapUsed;
const times: Record<string, number> = {};
let phase = 'check';
let phaseStart = performance.now();
let keysHeap: number | null = null;
let keyState: { memoryBytes: number; diskBytes: number; tablesOnDisk: number } | undefined;
/** the largest heap found live (after a full collection), checked every 10 s */
let peakLiveHeap = 0;
let shown = 0;
const t0 = performance.now();
let report;
/** the import refused (out of memory under `--duck-memory`, say): written to the result too */
let refused: { code: string; message: string; eventsConverted: number } | null = null;
let lastStored = 0;
try {
  report = await importCsvBundle(rt.stores, rt.projector, await csvSources(bundle), {
    source: 'bench',
    actor: 'bench',
    workDir: dataDir,
    project: graphToo,
    ...(keyMemoryMB !== undefined ? { keyMemoryBytes: Number(keyMemoryMB) * MB } : {}),
    onProgress: (p) => {
      sample();
      lastStored = p.stored;
      if (p.keys) keyState = p.keys;
      if (p.phase !== phase) {
        times[phase] = (performance.now() - phaseStart) / 1000;
        phase = p.phase;
        phaseStart = performance.now();
        // what the check pass keeps for the convert pass: the per-key state
        gc?.();
        keysHeap = liveNow() - live0;
      }
      if (performance.now() - shown > 10_000) {
        shown = performance.now();
        gc?.();
        peakLiveHeap = Math.max(peakLiveHeap, liveNow() - live0);
        log(
          `${p.phase}: ${p.rows.toLocaleString('en')} rows, ${(p.bytes / MB).toFixed(0)}/${(p.totalBytes / MB).toFixed(0)} MB, ${p.stored.toLocaleString('en')} events stored; RSS ${(process.memoryUsage().rss / MB).toFixed(0)} MB, live ${((liveNow() - live0) / MB).toFixed(0)} MB` +
            (keyState
              ? `; keys ${(keyState.memoryBytes / MB).toFixed(0)} MB in memory, ${(keyState.diskBytes / MB).toFixed(0)} MB on disk`
              : ''),
        );
      }
    },
    onGraphProgress: () => {
      if (phase !== 'graph') {
        times[phase] = (performance.now() - phaseStart) / 1000;
        phase = 'graph';
        phaseStart = performance.now();
      }
      sample();
    },
  });
  times[phase] = (performance.now() - phaseStart) / 1000;
} catch (err) {
  times[phase] = (performance.now() - phaseStart) / 1000;
  const e = err as { code?: string; message?: string };
  refused = { code: e.code ?? 'ERROR', message: e.message ?? String(err), eventsConverted: lastStored };
  log(`refused after ${lastStored.toLocaleString('en')} events: ${refused.message}`);
} finally {
  clearInterval(sampler);
  await rt.close();
}
const total = (performance.now() - t0) / 1000;
const imported = (times['check'] ?? 0) + (times['convert'] ?? 0);
const r1 = (x: number) => Math.round(x * 10) / 10;
const result = {
  date: new Date().toISOString(),
  bundle: {
    mb: r1(g.bytes / MB),
    rows: g.rows,
    events: g.events,
    units: g.units,
    files: g.files,
  },
  options: { graph: graphToo, nodeFlags: process.execArgv, keyMemoryMB: keyMemoryMB ?? null },
  outcome: refused ? 'refused' : 'imported',
  refused,
  report,
  seconds: {
    check: r1(times['check'] ?? 0),
    convertAndAppend: r1(times['convert'] ?? 0),
    graph: r1(times['graph'] ?? 0),
    total: r1(total),
  },
  rate: {
    rowsPerSecondImport: Math.round(g.rows / imported),
    rowsPerSecondCheck: Math.round(g.rows / (times['check'] ?? 1)),
    eventsPerSecondAppend: Math.round(g.events / (times['convert'] ?? 1)),
    eventsPerSecondGraph: times['graph'] ? Math.round(g.events / times['graph']) : null,
    mbPerSecondImport: r1(g.bytes / MB / imported),
  },
  memory: {
    baselineRssMB: r1(baseline.rss / MB),
    peakRssMB: r1(peakRss / MB),
    baselineHeapMB: r1(baseline.heapUsed / MB),
    peakHeapMB: r1(peakHeap / MB),
    peakLiveHeapMB: gc ? r1(peakLiveHeap / MB) : null,
    heapLimitMB: r1(getHeapStatistics().heap_size_limit / MB),
    duckdbMemoryLimit: duckMemory ?? 'default (80 % of RAM)',
    keysHeapMB: keysHeap === null ? null : r1(keysHeap / MB),
    keysHeapBytesPerRow: keysHeap === null ? null : Math.round(keysHeap / g.rows),
    keyMemoryBudgetMB: keyMemoryMB === undefined ? 64 : Number(keyMemoryMB),
    keyStateMemoryMB: keyState ? r1(keyState.memoryBytes / MB) : null,
    keyStateDiskMB: keyState ? r1(keyState.diskBytes / MB) : null,
    keyTablesOnDisk: keyState?.tablesOnDisk ?? null,
    note: 'RSS includes DuckDB (native) and Node; Neo4j runs in its own JVM. keysHeap: heap and array buffers after the check pass, after a full collection, over the baseline: the per-key state. peakLiveHeap: the largest heap and array buffers over the baseline after a full collection, every 10 s. peakHeap: heap sampled without collecting, garbage included',
  },
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    totalMemGB: r1(totalmem() / 1024 ** 3),
    node: process.version,
    loadavgBefore: machineBefore.loadavg.map(r1),
    loadavgAfter: loadavg().map(r1),
    otherProcesses: execFileSync('ps', ['-eo', 'pcpu,comm', '--sort=-pcpu', '--no-headers'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .slice(0, 8)
      .map((l) => l.trim()),
  },
};
const tag = `${mb}mb${graphToo ? '' : '-no-graph'}${duckMemory ? `-duck-${duckMemory.toLowerCase()}` : ''}${process.execArgv.some((a) => a.startsWith('--max-old-space-size')) ? '-small-heap' : ''}`;
const out = join(import.meta.dirname, 'results', `${result.date.slice(0, 10)}-csv-import-${tag}.json`);
writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
log(`written to ${out}`);
if (refused) process.exitCode = 1;
