// Benchmark of the analytics target: each analytic answers in at most 150 ms median on 10 million
// inspection and parameter rows. `npm run bench:analytics` (10 M rows; `-- --quick`: 1 M rows).
// The volume is written by bench/analytics-volume.ts into bench/work/analytics-<rows>.duckdb
// (kept between runs; `--regenerate` writes it again); a correctness check runs first and nothing
// is timed if it fails. Then each analytic, through its typed function: warm-up, then `--runs`
// (default 20) timed runs. Results: bench/results/<date>-analytics[-quick][-<--tag>].json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { DuckStore } from '../analytics/duckdb.ts';
import { lastFactsRefresh } from '../analytics/facts.ts';
import { defectPareto, paretoItems, paretoItemsPage } from '../analytics/pareto.ts';
import { supplierScorecard } from '../analytics/scorecard.ts';
import { defectsUChart, incomingPChart } from '../analytics/spc.ts';
import {
  firstPassYieldTrend,
  parameterPoints,
  parameterYield,
  yieldFactors,
  yieldHeatmap,
} from '../analytics/yield.ts';
import { GraphProjector, ingestDocument } from '../etl/ingest.ts';
import { scaleForRows, writeAnalyticsVolume, type VolumeFacts } from './analytics-volume.ts';
import { EPCIS_CONTEXT } from '../domain/trace-event.ts';

const TARGET_MS = 150;
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = flag('quick');
const rowsWanted = Number(option('rows') ?? (quick ? 1_000_000 : 10_000_000));
const runs = Number(option('runs') ?? 20);
const warmup = Number(option('warmup') ?? 3);
const only = option('only')?.split(',');
const seed = 1;
const log = (m: string) => process.stderr.write(`bench: ${m}\n`);

const workDir = join(import.meta.dirname, 'work');
const file = join(workDir, `analytics-${rowsWanted}.duckdb`);
const factsFile = join(workDir, `analytics-${rowsWanted}.json`);

function percentiles(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
  const r = (x: number) => Math.round(x * 10) / 10;
  return { n: s.length, p50: r(at(50)), p95: r(at(95)), max: r(s[s.length - 1]!) };
}

// ---- the volume ------------------------------------------------------------------------------
mkdirSync(workDir, { recursive: true });
let facts: VolumeFacts;
if (!flag('regenerate') && existsSync(file) && existsSync(factsFile)) {
  facts = JSON.parse(readFileSync(factsFile, 'utf8')) as VolumeFacts;
  log(`using ${file} (${facts.inspectionAndParameterRows.toLocaleString('en')} inspection + parameter rows)`);
} else {
  for (const f of [file, `${file}.wal`, factsFile]) rmSync(f, { force: true });
  const scale = scaleForRows(rowsWanted);
  log(
    `writing the analytics volume: ${rowsWanted.toLocaleString('en')} rows (demo scale ${scale.toFixed(1)})`,
  );
  const db = await DuckStore.open(file);
  try {
    facts = await writeAnalyticsVolume(db, { scale, seed, onProgress: log });
  } finally {
    db.close();
  }
  writeFileSync(factsFile, JSON.stringify(facts, null, 2) + '\n');
  log(`volume written in ${facts.seconds} s: ${JSON.stringify(facts.rows)}`);
}

const db = await DuckStore.open(file);
const scope = { step: 'smt_reflow', inspection: 'fct' } as const;
const band = facts.reflowBand;

// ---- correctness first ---------------------------------------------------------------------------
// Independent counts straight from the projection tables, and the planted problems on top.
const [truth] = await db.query(`SELECT
  (SELECT sum(coalesce(d.quantity, 1)) FROM defects d
     WHERE EXISTS (SELECT 1 FROM inspections i WHERE i.event_id = d.event_id AND i.object_key = d.object_key)) AS defects,
  (SELECT count(DISTINCT object_key) FROM inspections
     WHERE inspection_kind = 'incoming' AND result IN ('pass', 'fail')) AS incoming_lots,
  (SELECT count(*) FROM (
     SELECT DISTINCT o.object_key FROM events e
     JOIN event_objects o ON o.event_id = e.event_id AND o.role = 'output' AND o.kind = 'unit'
     JOIN inspections i ON i.object_key = o.object_key AND i.inspection_kind = 'fct' AND i.result IN ('pass', 'fail')
     WHERE e.event_type = 'TransformationEvent' AND e.step = 'smt_reflow')) AS fct_units,
  (SELECT count(*) FROM defects WHERE code = 'FCT-LEAKAGE-CURRENT') AS leakage_rows`);
const expected = Object.fromEntries(Object.entries(truth!).map(([k, v]) => [k, Number(v)]));
const problems: string[] = [];
const check = (ok: boolean, what: string) => {
  if (!ok) problems.push(what);
  log(`check ${ok ? 'ok  ' : 'FAIL'} ${what}`);
};
const t0 = performance.now();
const factors = await yieldFactors(db, scope);
log(`yield factors at this volume: ${((performance.now() - t0) / 1000).toFixed(1)} s (first call)`);
// The band comes first or second. The capacitor lot feeds about a thousand boards at any scale,
// while the band's share, and with it the weight of parameters correlated with the peak (time
// above liquidus), grows with the volume: at 10 M rows a correlated band can come between them.
const top2 = factors.drivers.slice(0, 2);
const top3 = factors.drivers.slice(0, 3);
const capDriver = top3.find((d) => d.kind === 'input_lot' && d.name === facts.badCapacitorLot);
const bandDriver = top2.find(
  (d) => d.kind === 'parameter' && d.name === band.parameter && d.level !== null && d.level.hi >= band.min,
);
const said = (d: (typeof factors.drivers)[number]) =>
  `${d.name}${d.level ? ` ${d.level.lo}-${d.level.hi}` : ''} ×${d.ratio.toFixed(1)}`;
check(
  capDriver !== undefined,
  `the planted capacitor lot ${facts.badCapacitorLot} is one of the top three yield drivers (${top3.map(said).join('; ')})`,
);
check(
  bandDriver !== undefined,
  `a ${band.parameter} bin reaching into the band ${band.min}-${band.max} ${band.uom} is one of the top two`,
);
check(factors.units === expected['fct_units'], `yield factors count ${expected['fct_units']} units`);
const byCode = await defectPareto(db, { dimension: 'code' });
const sum = (bars: { count: number }[]) => bars.reduce((s, b) => s + b.count, 0);
check(sum(byCode) === expected['defects'], `Pareto by code totals ${expected['defects']} defects`);
const bySupplier = await defectPareto(db, { dimension: 'supplier' });
check(sum(bySupplier) === expected['defects'], `Pareto by supplier totals ${expected['defects']} defects`);
const top = byCode[0]!;
const items = await paretoItems(db, { dimension: 'code', value: top.name });
check(
  items.reduce((s, i) => s + i.defects, 0) === top.count && items.length === top.objects,
  `Pareto items of ${top.name} add up to its bar (${top.count} defects, ${top.objects} objects)`,
);
const leak = byCode.find((b) => b.name === 'FCT-LEAKAGE-CURRENT');
check(leak?.count === expected['leakage_rows'], `FCT-LEAKAGE-CURRENT bar is ${expected['leakage_rows']}`);
const p = await incomingPChart(db, 'month');
check(
  p.points.reduce((s, x) => s + x.n, 0) === expected['incoming_lots'],
  `p-chart counts ${expected['incoming_lots']} lots with an incoming verdict`,
);
const bins = await parameterYield(db, { ...scope, parameter: band.parameter });
check(
  bins.bins.reduce((s, b) => s + b.units, 0) === expected['fct_units'],
  `${band.parameter} bins hold every unit (${expected['fct_units']})`,
);
const hottest = bins.bins[bins.bins.length - 1]!;
check(
  hottest.yield < bins.bins[0]!.yield,
  `the hottest ${band.parameter} bin yields worse than the coolest (${hottest.yield.toFixed(3)} < ${bins.bins[0]!.yield.toFixed(3)})`,
);
const heat = await yieldHeatmap(db, { ...scope, parameter: band.parameter });
check(
  heat.bins.reduce((s, b) => s + b.units, 0) === expected['fct_units'],
  `heatmap bins hold every unit (${expected['fct_units']})`,
);
const pts = await parameterPoints(db, { ...scope, parameter: band.parameter });
check(
  pts.total === expected['fct_units'] && pts.points.length === Math.min(5000, pts.total),
  `scatter: ${Math.min(5000, pts.total)} of ${expected['fct_units']} points`,
);
const u = await defectsUChart(db, { period: 'month', inspection: 'fct' });
const fpy = await firstPassYieldTrend(db, { period: 'month', by: 'step', inspection: 'fct' });
const fpyUnits = fpy.series.flatMap((s) => s.points).reduce((s, x) => s + x.units, 0);
check(
  u.points.reduce((s, x) => s + x.units, 0) === fpyUnits && fpyUnits >= expected['fct_units']!,
  `u-chart and FPY trend count the same ${fpyUnits} units`,
);
const scorecard = await supplierScorecard(db, { period: 'month' });
check(
  scorecard.some((r) => r.supplier.endsWith(':CAP-VOLTARA')) && scorecard.length >= 12 * 10,
  `scorecard has a row per supplier and month (${scorecard.length} rows)`,
);
if (problems.length) {
  log(`${problems.length} check(s) failed; nothing timed`);
  db.close();
  process.exit(1);
}

// ---- timing ----------------------------------------------------------------------------------------
// `bulk`: no interactive target. The whole item list of a bar is what opening an 8D case from that
// bar reads (every lot and unit, with evidence snapshotted for each); the drill list the API and the
// web app show is the paged one. Timed all the same, and reported apart.
const analytics: { name: string; run: () => Promise<unknown>; bulk?: boolean }[] = [
  { name: 'supplier scorecard by month', run: () => supplierScorecard(db, { period: 'month' }) },
  { name: 'defect Pareto by code', run: () => defectPareto(db, { dimension: 'code' }) },
  { name: 'defect Pareto by supplier', run: () => defectPareto(db, { dimension: 'supplier' }) },
  {
    // what GET /api/analytics/pareto/items answers by default: the 500 with most defects, and the total
    name: `Pareto items of the top bar (${top.name}), first 500`,
    run: () => paretoItemsPage(db, { dimension: 'code', value: top.name, limit: 500, offset: 0 }),
  },
  {
    name: `Pareto items of the top bar (${top.name}), all`,
    run: () => paretoItems(db, { dimension: 'code', value: top.name }),
    bulk: true,
  },
  {
    name: `yield per ${band.parameter} bin`,
    run: () => parameterYield(db, { ...scope, parameter: band.parameter }),
  },
  { name: 'yield factors ranking', run: () => yieldFactors(db, scope) },
  {
    name: `heatmap ${band.parameter} × input lot`,
    run: () => yieldHeatmap(db, { ...scope, parameter: band.parameter }),
  },
  {
    name: `scatter points (${band.parameter}, 5000)`,
    run: () => parameterPoints(db, { ...scope, parameter: band.parameter }),
  },
  { name: 'p-chart incoming by month', run: () => incomingPChart(db, 'month') },
  { name: 'u-chart FCT by month', run: () => defectsUChart(db, { period: 'month', inspection: 'fct' }) },
  {
    name: 'FPY trend by step, month',
    run: () => firstPassYieldTrend(db, { period: 'month', by: 'step', inspection: 'fct' }),
  },
];

// The machine is shared: the CPU time of this process (DuckDB's threads included) per run, and the
// load average around the timings, say how much of a wall-clock figure was waiting for a core.
const loadBefore = loadavg();
const timings: Record<string, ReturnType<typeof percentiles> & { cpuP50: number; targetMet: boolean }> = {};
const bulk: Record<string, ReturnType<typeof percentiles> & { cpuP50: number }> = {};
for (const [i, a] of analytics.entries()) {
  if (only && !only.some((o) => a.name.includes(o))) continue;
  for (let w = 0; w < warmup; w++) await a.run();
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const s = performance.now();
    const c = process.cpuUsage();
    await a.run();
    const used = process.cpuUsage(c);
    ms.push(performance.now() - s);
    cpu.push((used.user + used.system) / 1000);
  }
  const p = percentiles(ms);
  const cpuP50 = percentiles(cpu).p50;
  if (a.bulk) bulk[a.name] = { ...p, cpuP50 };
  else timings[a.name] = { ...p, cpuP50, targetMet: p.p50 <= TARGET_MS };
  const verdict = a.bulk
    ? 'bulk, no target'
    : p.p50 <= TARGET_MS
      ? 'ok'
      : `MISSED by ${(p.p50 - TARGET_MS).toFixed(0)} ms`;
  log(
    `${i + 1}/${analytics.length} ${a.name}: p50 ${p.p50} ms, p95 ${p.p95} ms, max ${p.max} ms, CPU p50 ${cpuP50} ms ${verdict}`,
  );
}
const loadAfter = loadavg();
// ---- following the log -------------------------------------------------------------------------
// One inspection captured the ordinary way, then the next analytic: the facts' incremental refresh.
let followed: { refreshMs: number; firstReadMs: number; full: boolean } | null = null;
if (!only) {
  const [target] = await db.query("SELECT object_id FROM event_objects WHERE kind = 'unit' LIMIT 1");
  const stores = { duck: db, graph: null as never };
  await ingestDocument(
    stores,
    new GraphProjector(stores),
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
            action: 'OBSERVE',
            bizStep: 'inspecting',
            disposition: 'conformant',
            epcList: [String(target!['object_id'])],
            'lg:inspection': { 'lg:kind': 'final', 'lg:result': 'pass', 'lg:defects': [] },
          },
        ],
      },
    },
    { source: 'bench', project: false },
  );
  const s = performance.now();
  await defectPareto(db, { dimension: 'code' });
  const firstReadMs = Math.round(performance.now() - s);
  const r = lastFactsRefresh(db)!;
  followed = { refreshMs: r.ms, firstReadMs, full: r.full };
  log(`one captured inspection, then a Pareto: ${firstReadMs} ms (of it the facts' refresh ${r.ms} ms)`);
}
db.close();

const duckdbVersion = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '..', 'node_modules', '@duckdb', 'node-api', 'package.json'),
    'utf8',
  ),
).version as string;
const gitCommit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
})();
const results = {
  date: new Date().toISOString(),
  commit: gitCommit,
  target: `median <= ${TARGET_MS} ms per analytic`,
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    // 1-minute load average before and after the timings (2 cores: above 2, runs waited)
    loadAverage: { before: Math.round(loadBefore[0]! * 10) / 10, after: Math.round(loadAfter[0]! * 10) / 10 },
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    duckdb: `@duckdb/node-api ${duckdbVersion}`,
  },
  volume: {
    seed: facts.seed,
    scale: Math.round(facts.scale * 100) / 100,
    inspectionAndParameterRows: facts.inspectionAndParameterRows,
    rows: facts.rows,
    secondsToWrite: facts.seconds,
    badCapacitorLot: facts.badCapacitorLot,
    reflowBand: facts.reflowBand,
  },
  check: {
    drivers: factors.drivers.map((d) => ({
      round: d.round,
      kind: d.kind,
      name: d.name,
      level: d.level,
      units: d.units,
      ratio: Math.round(d.ratio * 100) / 100,
      adjustedP: d.adjustedP,
    })),
    expected,
  },
  runs: { warmup, timed: runs },
  timings,
  bulk,
  followed,
  allTargetsMet: Object.values(timings).every((t) => t.targetMet),
};
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
const out = join(
  import.meta.dirname,
  'results',
  `${results.date.slice(0, 10)}-analytics${quick ? '-quick' : rowsWanted === 10_000_000 ? '' : `-${rowsWanted}`}${option('tag') ? `-${option('tag')}` : ''}.json`,
);
if (!flag('no-write')) writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
console.log(JSON.stringify(results, null, 2));
log(flag('no-write') ? 'results not written (--no-write)' : `results written to ${out}`);
