// What an ART index entry costs in DuckDB for the key shapes the log holds (issue 9, decision 042):
// event ids (`urn:uuid:` of a random or name-based UUID, or an EPCIS event hash `ni:///sha-256;…`)
// and object keys (one company prefix and item reference, serial numbers counting up), each
// indexed as the string and as a 64-bit hash of it (DuckDB's hash(), UBIGINT). Every case runs in
// a child process of its own: N keys in an in-memory table, checkpointed, then CREATE INDEX; the
// entry's cost is the growth of DuckDB's own memory figure and of the process's RSS per key.
// `npm run bench:duckdb-key-width` (`-- --rows 1000000`); writes
// bench/results/<date>-duckdb-key-width.json.
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const rows = Number(arg('--rows') ?? 1_000_000);
const log = (m: string) => process.stderr.write(`bench: ${m}\n`);

// SQL making the i-th key of each shape.
const SHAPES = {
  'event id, urn:uuid': `'urn:uuid:' || uuid()::VARCHAR`,
  'event id, EPCIS event hash': `'ni:///sha-256;' || sha256(i::VARCHAR) || '?ver=CBV2.0'`,
  'object key, SGTIN serials': `'urn:epc:id:sgtin:4012345.011111.' || i::VARCHAR`,
} as const;
type Shape = keyof typeof SHAPES;
interface Case {
  shape: Shape;
  as: 'string' | '64-bit hash';
}

async function runCase(c: Case) {
  const db = await DuckDBInstance.create(':memory:', { threads: '1' });
  const con = await db.connect();
  const memory = async () =>
    Number(
      (
        await con.runAndReadAll('SELECT sum(memory_usage_bytes)::BIGINT FROM duckdb_memory()')
      ).getRows()[0]![0],
    );
  await con.run(
    `CREATE TABLE t AS SELECT k, hash(k) AS h FROM (SELECT ${SHAPES[c.shape]} AS k FROM range(${rows}) r(i))`,
  );
  await con.run('CHECKPOINT');
  const length = Number((await con.runAndReadAll('SELECT avg(length(k)) FROM t')).getRows()[0]![0]);
  const rss0 = process.memoryUsage().rss;
  const mem0 = await memory();
  const t0 = performance.now();
  await con.run(`CREATE INDEX t_key ON t (${c.as === 'string' ? 'k' : 'h'})`);
  const seconds = (performance.now() - t0) / 1000;
  return {
    ...c,
    rows,
    keyLength: Math.round(length * 10) / 10,
    duckdbBytesPerKey: Math.round(((await memory()) - mem0) / rows),
    rssBytesPerKey: Math.round((process.memoryUsage().rss - rss0) / rows),
    indexSeconds: Math.round(seconds * 100) / 100,
  };
}

if (process.argv.includes('--case')) {
  process.stdout.write(JSON.stringify(await runCase(JSON.parse(arg('--case')!) as Case)));
} else {
  const results = [];
  for (const shape of Object.keys(SHAPES) as Shape[])
    for (const as of ['string', '64-bit hash'] as const) {
      const out = execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          import.meta.filename,
          '--rows',
          String(rows),
          '--case',
          JSON.stringify({ shape, as }),
        ],
        { encoding: 'utf8', maxBuffer: 1 << 20 },
      );
      const r = JSON.parse(out) as Awaited<ReturnType<typeof runCase>>;
      log(
        `${r.shape} (${r.keyLength} characters) as ${r.as}: DuckDB ${r.duckdbBytesPerKey} B/key, ` +
          `RSS ${r.rssBytesPerKey} B/key, index built in ${r.indexSeconds} s`,
      );
      results.push(r);
    }
  const day = new Date().toISOString().slice(0, 10);
  const file = join(import.meta.dirname, 'results', `${day}-duckdb-key-width.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) },
        duckdb: (
          await (await (await DuckDBInstance.create(':memory:')).connect()).runAndReadAll('SELECT version()')
        ).getRows()[0]![0],
        rows,
        results,
      },
      null,
      2,
    ) + '\n',
  );
  log(`written ${file}`);
}
