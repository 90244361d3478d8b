// Does splitting a huge import into many transactions bound DuckDB's memory (decisions 039, 042)?
// Each case inserts N rows with a random 41-character key (as the log's event ids), a JSON-like
// body and a number into a fresh DuckDB file under a memory limit, in one transaction or in
// commits of `chunk` rows with a CHECKPOINT after each, and records whether it committed, the
// process's RSS and DuckDB's own memory figure. `npm run bench:duckdb-index-memory`;
// `-- --rows 3000000 --limit 128MB`. Writes bench/results/<date>-duckdb-index-memory.json.
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const rows = Number(arg('--rows') ?? 3_000_000);
const limit = arg('--limit') ?? '128MB';
const work = join(import.meta.dirname, 'work', 'duckdb-index-memory');
const log = (m: string) => process.stderr.write(`bench: ${m}\n`);

type Index = 'primary key' | 'index' | 'none';
interface Case {
  index: Index;
  chunk: number;
  limit: string;
}

/** One case in a child process of its own, so the RSS is the case's alone. */
async function runCase(c: Case) {
  const file = join(work, 'case.duckdb');
  for (const s of ['', '.wal']) rmSync(file + s, { force: true });
  const db = await DuckDBInstance.create(file, { memory_limit: c.limit, threads: '2' });
  const con = await db.connect();
  await con.run(
    `CREATE TABLE t (k VARCHAR ${c.index === 'primary key' ? 'PRIMARY KEY' : ''}, body VARCHAR, n BIGINT)`,
  );
  if (c.index === 'index') await con.run('CREATE INDEX t_k ON t (k)');
  const t0 = performance.now();
  let stored = 0;
  let error: string | null = null;
  try {
    for (let from = 0; from < rows; from += c.chunk) {
      const to = Math.min(rows, from + c.chunk);
      await con.run('BEGIN');
      await con.run(
        `INSERT INTO t SELECT md5(i::VARCHAR) || '-' || i::VARCHAR,
           '{"n":' || i::VARCHAR || ',"text":"' || repeat('x', 40) || '"}', i FROM range(${from}, ${to}) r(i)`,
      );
      await con.run('COMMIT');
      if (c.chunk < rows) await con.run('CHECKPOINT');
      stored = to;
    }
  } catch (e) {
    error = (e as Error).message.split('\n')[0]!;
    await con.run('ROLLBACK').catch(() => undefined);
  }
  const mem = await con.runAndReadAll('SELECT sum(memory_usage_bytes)::BIGINT FROM duckdb_memory()');
  const count = await con.runAndReadAll('SELECT count(*)::BIGINT FROM t');
  return {
    ...c,
    rows,
    committed: error === null,
    error,
    rowsStored: Number(count.getRows()[0]![0]),
    rowsCommittedBeforeError: error ? stored : rows,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
    rssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
    duckdbMemoryMB: Math.round(Number(mem.getRows()[0]![0]) / 2 ** 20),
  };
}

if (process.argv.includes('--case')) {
  const c = JSON.parse(arg('--case')!) as Case;
  mkdirSync(work, { recursive: true });
  process.stdout.write(JSON.stringify(await runCase(c)));
} else {
  const cases: Case[] = [];
  for (const index of ['primary key', 'index', 'none'] as Index[])
    for (const chunk of [rows, Math.ceil(rows / 10)]) cases.push({ index, chunk, limit });
  // The same with room enough: what the index costs when it fits.
  for (const chunk of [rows, Math.ceil(rows / 10)]) cases.push({ index: 'primary key', chunk, limit: '8GB' });
  cases.push({ index: 'none', chunk: rows, limit: '8GB' });
  const results = [];
  for (const c of cases) {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', import.meta.filename, '--case', JSON.stringify(c)],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      },
    );
    const r = JSON.parse(out) as Awaited<ReturnType<typeof runCase>>;
    log(
      `${r.index}, ${r.chunk === rows ? 'one transaction' : `commits of ${r.chunk}`}, limit ${r.limit}: ` +
        `${r.committed ? 'committed' : `FAILED after ${r.rowsCommittedBeforeError} rows (${r.error})`}, ` +
        `${r.rowsStored} stored, RSS ${r.rssMB} MB, DuckDB ${r.duckdbMemoryMB} MB, ${r.seconds} s`,
    );
    results.push(r);
  }
  rmSync(work, { recursive: true, force: true });
  const day = new Date().toISOString().slice(0, 10);
  const file = join(import.meta.dirname, 'results', `${day}-duckdb-index-memory.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) },
        rows,
        results,
      },
      null,
      2,
    ) + '\n',
  );
  log(`written ${file}`);
}
