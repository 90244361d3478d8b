// The UNWIND loader alone (issue 8): one generated genealogy loaded through the projection's real
// statements (bench/genealogy/lotgraph.ts, loadThroughProjection), `--repeat` times into one
// local Neo4j, emptied between loads; or with `--bulk`, through the bulk path. Quicker than the
// whole peer benchmark when only the loading rate is wanted; prints one JSON line per load.
//   npm run bench:genealogy-loader -- --genealogy S            the loader on S, once
//   options: --genealogy QS|QH|S|H (default QS), --repeat N, --batch N (rows a transaction,
//            default LOADER_BATCH: 2,500), --bulk, --split (time spent in each projection
//            statement), --in-flight 1|2 (batches written at once, default 2 as the projection
//            does, decision 047), --heap MB, --pagecache MB,
//            --neo4j name=value (a Neo4j setting, repeatable), --jvm OPTION (repeatable)
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { ManagedTransaction } from 'neo4j-driver';
import { startLocalNeo4j } from '../cypher/local-neo4j.ts';
import { GraphStore } from '../cypher/neo4j.ts';
import { clearGraph } from '../cypher/projection.ts';
import { SPECS, writeGenealogy } from './genealogy/generate.ts';
import {
  graphCounts,
  LOADER_BATCH,
  loadBulk,
  loadThroughProjection,
  readColumns,
} from './genealogy/lotgraph.ts';

const argv = process.argv.slice(2);
const option = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const name = option('genealogy') ?? 'QS';
const repeat = Number(option('repeat') ?? 1);
const batch = Number(option('batch') ?? LOADER_BATCH);
const bulk = argv.includes('--bulk');
const split = argv.includes('--split');
const inFlight = Number(option('in-flight') ?? 2);
if (inFlight !== 1 && inFlight !== 2) throw new Error(`--in-flight ${inFlight}: 1 or 2`);
const repeated = (name: string) =>
  argv.flatMap((a, i) => (a === `--${name}` && argv[i + 1] ? [argv[i + 1]!] : []));
const settings = Object.fromEntries(
  repeated('neo4j').map((kv) => {
    const at = kv.indexOf('=');
    if (at < 1) throw new Error(`--neo4j ${kv}: expected name=value`);
    return [kv.slice(0, at), kv.slice(at + 1)];
  }),
);
const jvmOptions = repeated('jvm');
const workDir = join(import.meta.dirname, 'work');
const started = Date.now();
const log = (m: string) =>
  process.stderr.write(`loader [${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s]: ${m}\n`);
const load = () => loadavg().map((x) => Math.round(x * 100) / 100);

/** CPU seconds a process has used (Linux /proc; null elsewhere): steadier than wall time on a busy machine. */
function cpuSecondsOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 a second)
  } catch {
    return null;
  }
}

const spec = SPECS[name];
if (!spec) throw new Error(`--genealogy ${name}: no such genealogy (${Object.keys(SPECS).join(', ')})`);
const meta = await writeGenealogy(spec, workDir, log);
const cols = readColumns(meta);
// Its own store per path, so a projection run and a bulk run can go side by side.
const dir = join(workDir, bulk ? 'neo4j-loader-bulk' : 'neo4j-loader');
rmSync(dir, { recursive: true, force: true });
const neo = await startLocalNeo4j({
  dataDir: dir,
  boltPort: 0,
  heapMb: Number(option('heap') ?? 4096),
  pageCacheMb: Number(option('pagecache') ?? 3500),
  settings,
  jvmOptions,
});
const graph = await GraphStore.connect({ uri: neo.uri, user: neo.user, password: neo.password });

// --split: wall time per statement, by its file's purpose line, summed over the load.
const spent = new Map<string, { ms: number; calls: number }>();
if (split) {
  const writeTx = graph.writeTx.bind(graph);
  graph.writeTx = <T>(fn: (tx: ManagedTransaction) => Promise<T>) =>
    writeTx((tx) =>
      fn(
        new Proxy(tx, {
          get(target, prop) {
            if (prop !== 'run') return Reflect.get(target, prop);
            return async (text: string, params: Record<string, unknown>) => {
              const t = performance.now();
              const r = await target.run(text, params);
              const k = (/Purpose: (.{0,40})/.exec(text)?.[1] ?? text.slice(0, 40)).trim();
              const s = spent.get(k) ?? { ms: 0, calls: 0 };
              s.ms += performance.now() - t;
              s.calls++;
              spent.set(k, s);
              return r;
            };
          },
        }),
      ),
    );
}

const cpuSeconds = (u: NodeJS.CpuUsage) => Math.round((u.user + u.system) / 1e5) / 10;

try {
  for (let k = 0; k < repeat; k++) {
    if (k > 0) await clearGraph(graph);
    spent.clear();
    const l0 = load();
    const cpu0 = process.cpuUsage();
    const neoCpu0 = cpuSecondsOf(neo.pid);
    const c = bulk
      ? await loadBulk(graph, meta, cols, { batch: 20_000, log })
      : await loadThroughProjection(graph, meta, cols, { batch, log, inFlight });
    // What the graph holds after the load, by label and type: the same for one or two batches in
    // flight, and the loader's own counts (a check of the load, not timed).
    const { labels, types } = await graphCounts(graph);
    const sum = (o: Record<string, number>, skip: string[] = []) =>
      Object.entries(o).reduce((s, [k, v]) => (skip.includes(k) ? s : s + v), 0);
    const graphHolds = {
      labels,
      types,
      agrees: sum(labels, ['Checkpoint']) === c.nodes && sum(types) === c.relationships,
    };
    console.log(
      JSON.stringify({
        genealogy: name,
        graphHolds,
        path: bulk ? 'bulk' : 'projection',
        batch: bulk ? 20_000 : batch,
        inFlight: bulk ? 1 : inFlight,
        ...('writer' in c ? { writer: c.writer } : {}),
        neo4jSettings: settings,
        jvmOptions,
        nodes: c.nodes,
        relationships: c.relationships,
        seconds: Math.round(c.seconds * 10) / 10,
        nodesPerSecond: Math.round(c.nodes / c.nodeSeconds),
        relationshipsPerSecond: Math.round(c.relationships / c.relationshipSeconds),
        load: [l0, load()],
        // CPU of Neo4j (its JVM: queries, commits, garbage collection) and of this process (rows, encoding)
        neo4jCpuSeconds: neoCpu0 === null ? null : Math.round((cpuSecondsOf(neo.pid)! - neoCpu0) * 10) / 10,
        benchCpuSeconds: cpuSeconds(process.cpuUsage(cpu0)),
        ...(split
          ? {
              statements: Object.fromEntries(
                [...spent].map(([s, v]) => [s, { seconds: Math.round(v.ms / 100) / 10, calls: v.calls }]),
              ),
            }
          : {}),
      }),
    );
  }
} finally {
  await graph.close();
  await neo.stop();
  rmSync(dir, { recursive: true, force: true });
}
