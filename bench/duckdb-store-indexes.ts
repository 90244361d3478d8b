// What the ART indexes of a real store cost in memory, index by index, per event (issue 9,
// decisions 042 and 048). DuckDB keeps every ART index whole in memory, so their sum per event is
// what bounds the events a store can hold within DuckDB's memory limit.
//
// Takes a store written by the CSV import bench (`npm run bench:csv -- --mb 100 --no-graph` writes
// bench/work/csv-data/lotgraph.duckdb), copies it, opens the copy as the server does (the schema
// files run, so a store of an earlier version is upgraded, and the time that takes is reported),
// computes the analytic facts, and then, for every index and primary key on a table of more than a
// thousand rows, builds the same index over the same keys in a fresh in-memory DuckDB of its own
// (a child process each) and records DuckDB's own memory figure per row.
//
// `npm run bench:duckdb-store-indexes [-- --store <file>] [--tag <t>]`; writes
// bench/results/<date>-duckdb-store-indexes[-<tag>].json.
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const log = (m: string) => process.stderr.write(`bench: ${m}\n`);
const MB = 1024 * 1024;

interface Measured {
  table: string;
  index: string;
  expression: string;
  rows: number;
  avgKeyChars: number;
  megabytes: number;
  bytesPerRow: number;
}

// ---- child: one index over one column, in memory ----
if (process.argv[2] === '--child') {
  const [, , , file, table, expression] = process.argv;
  const db = await DuckDBInstance.create(':memory:', { threads: '1' });
  const con = await db.connect();
  const one = async (sql: string) => (await con.runAndReadAll(sql)).getRowObjects()[0]!;
  const memory = async () =>
    Number((await one('SELECT sum(memory_usage_bytes)::BIGINT AS m FROM duckdb_memory()'))['m']);
  await con.run(`ATTACH '${file}' AS s (READ_ONLY)`);
  await con.run(`CREATE TABLE k AS SELECT ${expression} AS k FROM s.${table}`);
  await con.run('DETACH s');
  await con.run('CHECKPOINT');
  const rows = Number((await one('SELECT count(*) AS n FROM k'))['n']);
  const chars = Number((await one('SELECT avg(length(k::VARCHAR)) AS c FROM k'))['c'] ?? 0);
  const before = await memory();
  await con.run('CREATE INDEX i ON k (k)');
  const bytes = (await memory()) - before;
  process.stdout.write(JSON.stringify({ rows, avgKeyChars: Math.round(chars), bytes }));
  process.exit(0);
}

// ---- parent ----
const source = arg('--store') ?? join(import.meta.dirname, 'work', 'csv-data', 'lotgraph.duckdb');
if (!existsSync(source)) {
  log(`no store at ${source}: write one with \`npm run bench:csv -- --mb 100 --no-graph\``);
  process.exit(1);
}
const file = join(import.meta.dirname, 'work', 'store-indexes.duckdb');
for (const f of [file, `${file}.wal`]) rmSync(f, { force: true });
copyFileSync(source, file);
if (existsSync(`${source}.wal`)) copyFileSync(`${source}.wal`, `${file}.wal`);

const { DuckStore } = await import('../analytics/duckdb.ts');
const { ensureFacts } = await import('../analytics/facts.ts');
let t0 = performance.now();
const store = await DuckStore.open(file);
const openMs = Math.round(performance.now() - t0);
log(`opened (schema files applied) in ${openMs} ms`);
t0 = performance.now();
await ensureFacts(store);
const factsMs = Math.round(performance.now() - t0);
log(`facts computed in ${factsMs} ms`);
const [ev] = await store.query("SELECT count(*) AS n FROM event_log WHERE kind = 'event'");
const events = Number(ev!['n']);
const count = async (table: string) =>
  Number((await store.query(`SELECT count(*) AS n FROM ${table}`))[0]!['n']);
// The indexes: CREATE INDEX ones (one column each here) and the primary keys and unique keys.
const indexes: { table: string; index: string; expression: string }[] = [];
for (const r of await store.query('SELECT index_name, table_name, expressions FROM duckdb_indexes()'))
  indexes.push({
    table: String(r['table_name']),
    index: String(r['index_name']),
    expression: String(r['expressions']).replace(/^\[|\]$/g, ''),
  });
for (const r of await store.query(
  `SELECT table_name, constraint_type, constraint_column_names FROM duckdb_constraints()
   WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE')`,
)) {
  const cols = r['constraint_column_names'] as { items: unknown[] } | unknown[];
  const names = (Array.isArray(cols) ? cols : cols.items).map(String);
  indexes.push({
    table: String(r['table_name']),
    index: `${String(r['constraint_type']).toLowerCase()} (${names.join(', ')})`,
    expression: names.length === 1 ? names[0]! : `row(${names.join(', ')})`,
  });
}
const rowsOf = new Map<string, number>();
for (const ix of indexes) rowsOf.set(ix.table, rowsOf.get(ix.table) ?? (await count(ix.table)));
store.close();

const measured: Measured[] = [];
for (const ix of indexes) {
  if ((rowsOf.get(ix.table) ?? 0) <= 1000) continue;
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', import.meta.filename, '--child', file, ix.table, ix.expression],
    { encoding: 'utf8' },
  );
  const r = JSON.parse(out) as { rows: number; avgKeyChars: number; bytes: number };
  const m: Measured = {
    ...ix,
    rows: r.rows,
    avgKeyChars: r.avgKeyChars,
    megabytes: Math.round((r.bytes / MB) * 10) / 10,
    bytesPerRow: Math.round((r.bytes / r.rows) * 10) / 10,
  };
  measured.push(m);
  log(`${m.table} ${m.index} (${m.expression}): ${m.rows} rows, ${m.megabytes} MB, ${m.bytesPerRow} B a row`);
}
const total = measured.reduce((s, m) => s + m.megabytes, 0);
const perEvent = Math.round(((total * MB) / events) * 10) / 10;
log(`${events} events; all indexes ${total.toFixed(1)} MB, ${perEvent} B an event`);

const version = (
  await (await (await DuckDBInstance.create(':memory:')).connect()).runAndReadAll('SELECT version() AS v')
).getRowObjects()[0]!['v'];
const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
})();
const date = new Date().toISOString();
const tag = arg('--tag');
const result = {
  bench: 'duckdb-store-indexes',
  date,
  commit,
  store: source,
  events,
  openMs,
  factsMs,
  indexes: measured,
  totalMegabytes: Math.round(total * 10) / 10,
  bytesPerEvent: perEvent,
  machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), duckdb: version },
};
const out = join(
  import.meta.dirname,
  'results',
  `${date.slice(0, 10)}-duckdb-store-indexes${tag ? `-${tag}` : ''}.json`,
);
writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
for (const f of [file, `${file}.wal`]) rmSync(f, { force: true });
log(`written to ${out}`);
