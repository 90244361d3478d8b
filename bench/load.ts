// Load test over loopback: 50 concurrent users mixing backward and forward traces, recall
// scopes, analytics and capture against the real server (bench/load-server.ts as a child), for
// 10 minutes (`-- --quick`: 1 minute). Records p50/p95/p99 per kind, errors (any answer but 2xx;
// a 429 from the capture queue is counted apart and honoured), the server's heap after a full
// collection before and after the run, and the state of the machine. Writes
// bench/results/<date>-load.json; bench/README.md has the table.
import { fork } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

const quick = process.argv.includes('--quick');
const USERS = 50;
const RUN_S = quick ? 60 : 600;
const WARMUP_S = quick ? 10 : 30;
const log = (m: string) => process.stderr.write(`load: ${m}\n`);
const token = randomBytes(24).toString('base64url');

type Kind = 'traceBackward' | 'traceForward' | 'recall' | 'analytics' | 'capture';
// the mix of requests: what a plant's users and integrations send
const MIX: [Kind, number][] = [
  ['traceBackward', 35],
  ['traceForward', 10],
  ['recall', 10],
  ['analytics', 30],
  ['capture', 15],
];
const ANALYTICS = [
  '/api/analytics/suppliers/scorecard?period=month',
  '/api/analytics/pareto?dimension=code',
  '/api/analytics/spc/incoming?period=month',
  '/api/analytics/yield/fpy?period=month&by=step&inspection=fct',
];

/** Who else uses the machine now: processes using CPU that are not this load test or what it started. */
function machineState() {
  const ps = execFileSync('ps', ['-eo', 'pid,ppid,pcpu,comm', '--no-headers'], { encoding: 'utf8' });
  const rows = ps
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .map(([pid, ppid, cpu, comm]) => ({
      pid: Number(pid),
      ppid: Number(ppid),
      cpu: Number(cpu),
      comm: comm ?? '',
    }));
  const ours = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const r of rows)
      if (ours.has(r.ppid) && !ours.has(r.pid)) {
        ours.add(r.pid);
        grew = true;
      }
  }
  const busy = rows
    .filter((p) => p.cpu >= 5 && !ours.has(p.pid))
    .map(({ pid, cpu, comm }) => ({ pid, cpu, comm }));
  return { loadavg: loadavg().map((x) => Math.round(x * 100) / 100), otherBusyProcesses: busy };
}

function percentiles(ms: number[]) {
  if (!ms.length) return null;
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
  const r = (x: number) => Math.round(x * 10) / 10;
  return { p50: r(at(50)), p95: r(at(95)), p99: r(at(99)), max: r(s[s.length - 1]!) };
}

// A small repeatable PRNG, so that runs send the same mix.
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

log('starting the server (the first run loads the demo plants, a few minutes) …');
const child = fork(join(import.meta.dirname, 'load-server.ts'), [], {
  execArgv: ['--expose-gc', '--import', 'tsx'],
  env: { ...process.env, LOTGRAPH_ADMIN_TOKEN: token, PORT: '0' },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const messages: { type: string; [k: string]: unknown }[] = [];
const waiters: ((m: { type: string; [k: string]: unknown }) => void)[] = [];
child.on('message', (m: { type: string }) => {
  const w = waiters.shift();
  if (w) w(m);
  else messages.push(m);
});
const next = () =>
  new Promise<{ type: string; [k: string]: unknown }>((resolve) => {
    const m = messages.shift();
    if (m) resolve(m);
    else waiters.push(resolve);
  });
const ready = (await next()) as { type: 'ready'; url: string; units: string[]; lots: string[] };
const heapNow = async () => {
  child.send({ type: 'heap' });
  return ((await next()) as unknown as { heap: Record<string, number> }).heap;
};
const { url, units, lots } = ready;
log(`server at ${url}; ${units.length} units and ${lots.length} lots to ask about`);

const stats = new Map<Kind, { ms: number[]; errors: number; limited: number }>();
const reset = () => {
  for (const [k] of MIX) stats.set(k, { ms: [], errors: 0, limited: 0 });
};
reset();
const errorSamples: string[] = [];
let capturedEvents = 0;
let stopAt = 0;

async function user(id: number) {
  const rand = prng(id + 1);
  const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)]!;
  const total = MIX.reduce((s, [, w]) => s + w, 0);
  let n = 0;
  while (Date.now() < stopAt) {
    let r = rand() * total;
    const kind = MIX.find(([, w]) => (r -= w) < 0)![0];
    let path: string;
    let init: RequestInit = {};
    if (kind === 'traceBackward') path = `/api/trace/backward?id=${encodeURIComponent(pick(units))}`;
    else if (kind === 'traceForward') path = `/api/trace/forward?id=${encodeURIComponent(pick(lots))}`;
    else if (kind === 'recall') path = `/api/recall?id=${encodeURIComponent(pick(lots))}`;
    else if (kind === 'analytics') path = pick(ANALYTICS);
    else {
      n++;
      path = '/api/events';
      const t = new Date().toISOString();
      const events = [0, 1].map((j) => ({
        type: 'ObjectEvent',
        eventTime: t,
        eventTimeZoneOffset: '+00:00',
        action: 'ADD',
        bizStep: 'receiving',
        disposition: 'active',
        quantityList: [{ epcClass: `urn:lotgraph:lot:LOAD-${id}-${n}-${j}`, quantity: 5, uom: 'KGM' }],
        sourceList: [{ type: 'owning_party', source: 'urn:lotgraph:party:LOAD-SUPPLIER' }],
      }));
      init = {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          '@context': ['https://ref.gs1.org/standards/epcis/epcis-context.jsonld'],
          type: 'EPCISDocument',
          schemaVersion: '2.0',
          creationDate: t,
          epcisBody: { eventList: events },
        }),
      };
    }
    const s = stats.get(kind)!;
    const t0 = performance.now();
    try {
      const res = await fetch(url + path, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
      });
      const body = await res.text();
      const ms = performance.now() - t0;
      if (res.status === 429) {
        s.limited++;
        await new Promise((w) => setTimeout(w, 1000 * Number(res.headers.get('retry-after') ?? 1)));
      } else if (!res.ok) {
        s.errors++;
        if (errorSamples.length < 20)
          errorSamples.push(`${kind} ${res.status} ${path}: ${body.slice(0, 200)}`);
      } else {
        s.ms.push(ms);
        if (kind === 'capture') capturedEvents += 2;
      }
    } catch (err) {
      s.errors++;
      if (errorSamples.length < 20) errorSamples.push(`${kind} ${path}: ${(err as Error).message}`);
    }
  }
}

const run = async (seconds: number) => {
  stopAt = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: USERS }, (_, i) => user(i)));
};

const machineBefore = machineState();
log(`warm-up ${WARMUP_S} s with ${USERS} users …`);
await run(WARMUP_S);
reset();
capturedEvents = 0;
const heapBefore = await heapNow();
log(
  `run ${RUN_S} s with ${USERS} users … (heap after a full collection: ${(heapBefore.heapUsed! / 1e6).toFixed(1)} MB)`,
);
const started = Date.now();
const ticker = setInterval(() => {
  const done = [...stats.values()].reduce((a, s) => a + s.ms.length, 0);
  log(`${Math.round((Date.now() - started) / 1000)} s: ${done} answers`);
}, 30_000);
await run(RUN_S);
clearInterval(ticker);
const seconds = (Date.now() - started) / 1000;
const machineAfter = machineState();
await new Promise((w) => setTimeout(w, 3000)); // the graph catches up with the last captures
const heapAfter = await heapNow();

const kinds = Object.fromEntries(
  [...stats].map(([k, s]) => [
    k,
    {
      answers: s.ms.length,
      perSecond: Math.round((s.ms.length / seconds) * 10) / 10,
      errors: s.errors,
      rateLimited: s.limited,
      ms: percentiles(s.ms),
    },
  ]),
);
const errors = [...stats.values()].reduce((a, s) => a + s.errors, 0);
const heapChange = (heapAfter.heapUsed! - heapBefore.heapUsed!) / heapBefore.heapUsed!;
const shared = machineBefore.otherBusyProcesses.length > 0 || machineAfter.otherBusyProcesses.length > 0;
const result = {
  date: new Date().toISOString(),
  quick,
  settings: {
    users: USERS,
    seconds: Math.round(seconds),
    warmupSeconds: WARMUP_S,
    mix: Object.fromEntries(MIX),
    analytics: ANALYTICS,
  },
  data: { demo: 'scale 1, seed 1 (111,019 events) plus what the run captured', capturedEvents },
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    shared,
    before: machineBefore,
    after: machineAfter,
  },
  kinds,
  errors,
  errorSamples,
  heap: {
    beforeMB: Math.round(heapBefore.heapUsed! / 1e5) / 10,
    afterMB: Math.round(heapAfter.heapUsed! / 1e5) / 10,
    change: `${heapChange >= 0 ? '+' : ''}${(heapChange * 100).toFixed(1)} %`,
    withinTenPercent: Math.abs(heapChange) <= 0.1,
    rssBeforeMB: Math.round(heapBefore.rss! / 1e6),
    rssAfterMB: Math.round(heapAfter.rss! / 1e6),
  },
};
const dir = join(import.meta.dirname, 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `${result.date.slice(0, 10)}-load${quick ? '-quick' : ''}.json`);
writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
for (const [k, v] of Object.entries(kinds))
  log(
    `${k.padEnd(14)} ${String(v.answers).padStart(7)} answers ${String(v.perSecond).padStart(6)}/s  p50 ${v.ms?.p50} p95 ${v.ms?.p95} p99 ${v.ms?.p99} ms  errors ${v.errors}  429 ${v.rateLimited}`,
  );
log(
  `errors ${errors}; heap ${result.heap.beforeMB} -> ${result.heap.afterMB} MB (${result.heap.change}); machine shared: ${shared}`,
);
log(`results in ${file}`);
child.send({ type: 'stop' });
await next();
process.exit(errors === 0 && result.heap.withinTenPercent ? 0 : 1);
