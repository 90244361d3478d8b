// The graph projection's catch-up over a whole demo log (what `lotgraph rebuild` and a start after
// a long outage do), one batch at a time against two in flight (decision 047). The demo is logged
// once into bench/work/rebuild-scale-<scale> (DuckDB only); each round empties the graph and
// projects the whole log again, the variants alternated. After each round the graph's nodes and
// relationships are counted by label and type: every variant must hold the same.
//   npm run bench:graph-rebuild -- [--scale 1] [--rounds 2] [--page 5000]
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../api/config.ts';
import { openRuntime } from '../api/runtime.ts';
import { lastSeq } from '../analytics/event-log.store.ts';
import { clearGraph } from '../cypher/projection.ts';
import { generateDemo } from '../etl/demo/demo.generator.ts';
import { GraphProjector, ingestDocument } from '../etl/ingest.ts';
import { graphCounts } from './genealogy/lotgraph.ts';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const scale = option('scale', 1);
const rounds = option('rounds', 2);
const page = option('page', 5_000);
const started = Date.now();
const log = (m: string) =>
  process.stderr.write(`rebuild [${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s]: ${m}\n`);

const dataDir = join(import.meta.dirname, 'work', `rebuild-scale-${scale}`);
const cfg = readConfig({ LOTGRAPH_DATA_DIR: dataDir, LOTGRAPH_NEO4J_BOLT_PORT: '0' });
const rt = await openRuntime({ ...cfg, neo4j: null }, log, { catchUp: false });
const { stores } = rt;
try {
  if ((await lastSeq(stores.duck)) === 0) {
    log(`logging the demo at scale ${scale} (once, DuckDB only)`);
    for (const document of generateDemo({ scale, seed: 1 }).documents)
      await ingestDocument(stores, rt.projector, document, { source: 'bench', project: false });
  }
  const entries = await lastSeq(stores.duck);
  const runs: Record<string, unknown>[] = [];
  for (let round = 0; round < rounds; round++)
    for (const inFlight of [1, 2] as const) {
      await clearGraph(stores.graph);
      const projector = new GraphProjector(stores, { inFlight, pageSize: page });
      const l0 = loadavg();
      const t0 = performance.now();
      let lastLog = 0;
      const reached = await projector.catchUp((m) => {
        if (performance.now() - lastLog > 10_000) {
          lastLog = performance.now();
          log(`in flight ${inFlight}: ${m}`);
        }
      });
      const seconds = (performance.now() - t0) / 1000;
      projector.stop();
      const run = {
        round,
        inFlight,
        entries,
        reached,
        seconds: Math.round(seconds * 10) / 10,
        entriesPerSecond: Math.round(entries / seconds),
        writer: projector.lastRun,
        graph: await graphCounts(stores.graph),
        load: [l0, loadavg()].map((l) => l.map((x) => Math.round(x * 100) / 100)),
      };
      log(JSON.stringify({ ...run, graph: undefined }));
      runs.push(run);
    }
  const same = runs.every((r) => JSON.stringify(r['graph']) === JSON.stringify(runs[0]!['graph']));
  const result = {
    date: new Date().toISOString().slice(0, 10),
    command: `npm run bench:graph-rebuild -- --scale ${scale} --rounds ${rounds} --page ${page}`,
    machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    sameGraph: same,
    runs,
  };
  const file = join(import.meta.dirname, 'results', `${result.date}-graph-rebuild.json`);
  writeFileSync(file, JSON.stringify(result, null, 1) + '\n');
  log(`every variant the same graph: ${same}; written ${file}`);
  if (!same) process.exitCode = 1;
} finally {
  await rt.close();
}
