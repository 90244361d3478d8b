// What moving the key state to disk costs the check pass of a streamed CSV import (decision
// 037): the check pass alone (checkCsvBundleStream, no stores) of a generated bundle, with the
// key state in memory and on disk, alternated, timed in CPU seconds (the machine may be shared)
// and wall seconds. `npm run bench:csv-keys` (50 MB, three rounds); `-- --mb 20 --rounds 2`;
// `-- --budgets 64,8,0` (MB; `all` keeps everything in memory).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { checkCsvBundleStream, csvSources } from '../etl/csv/csv.stream.ts';
import { BYTES_PER_UNIT, writeCsvBundle, type GeneratedBundle } from '../etl/demo/csv-bundle.generator.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const mb = Number(arg('--mb') ?? 50);
const rounds = Number(arg('--rounds') ?? 3);
const budgets = (arg('--budgets') ?? 'all,0').split(',');
const MB = 1024 * 1024;
const workDir = join(import.meta.dirname, 'work');
const bundle = join(workDir, `csv-${mb}mb`);
const scratch = join(workDir, 'csv-keys');
const log = (m: string) => process.stderr.write(`bench: ${m}\n`);

let g: GeneratedBundle;
const meta = join(bundle, 'generated.json');
if (existsSync(meta)) g = JSON.parse(readFileSync(meta, 'utf8')) as GeneratedBundle;
else {
  rmSync(bundle, { recursive: true, force: true });
  g = writeCsvBundle(bundle, Math.ceil((mb * MB) / BYTES_PER_UNIT));
  writeFileSync(meta, JSON.stringify(g));
}
log(`bundle: ${(g.bytes / MB).toFixed(0)} MB, ${g.rows.toLocaleString('en')} rows`);
mkdirSync(scratch, { recursive: true });

/** One check pass: CPU and wall seconds, and the key state at its end. */
async function checkOnce(budget: string) {
  let keys = { memoryBytes: 0, diskBytes: 0, tablesOnDisk: 0 };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await checkCsvBundleStream(await csvSources(bundle), {
    workDir: scratch,
    ...(budget === 'all' ? { keyMemoryBytes: Infinity } : { keyMemoryBytes: Number(budget) * MB }),
    onProgress: (p) => {
      if (p.keys) keys = p.keys;
    },
  });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  if (!r.ok) throw new Error('the generated bundle has problems');
  // the partition files and key tables go: convert is not run
  await r
    .convert(async () => {
      throw new Error('not converting');
    })
    .catch(() => undefined);
  return {
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100,
    wallSeconds: Math.round(wall * 100) / 100,
    keyMemoryMB: Math.round((keys.memoryBytes / MB) * 10) / 10,
    keyDiskMB: Math.round((keys.diskBytes / MB) * 10) / 10,
    tablesOnDisk: keys.tablesOnDisk,
  };
}

const runs: Record<string, Awaited<ReturnType<typeof checkOnce>>[]> = {};
for (let round = 0; round < rounds; round++)
  for (const b of budgets) {
    const r = await checkOnce(b);
    (runs[b] ??= []).push(r);
    log(`round ${round + 1}, budget ${b}: ${JSON.stringify(r)}`);
  }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const result = {
  date: new Date().toISOString(),
  bundle: { mb: Math.round(g.bytes / MB), rows: g.rows },
  rounds,
  perBudget: Object.fromEntries(
    Object.entries(runs).map(([b, rs]) => [
      b === 'all' ? 'all in memory' : `${b} MB`,
      {
        medianCpuSeconds: median(rs.map((r) => r.cpuSeconds)),
        medianWallSeconds: median(rs.map((r) => r.wallSeconds)),
        rowsPerCpuSecond: Math.round(g.rows / median(rs.map((r) => r.cpuSeconds))),
        keyMemoryMB: rs[0]!.keyMemoryMB,
        keyDiskMB: rs[0]!.keyDiskMB,
        tablesOnDisk: rs[0]!.tablesOnDisk,
      },
    ]),
  ),
  loadavgAfter: loadavg().map((x) => Math.round(x * 10) / 10),
};
rmSync(scratch, { recursive: true, force: true });
console.log(JSON.stringify(result, null, 2));
