// What fills DuckDB's memory inside one import transaction (issue 9, decision 048). Appends
// synthetic events, shaped and proportioned like the bakery bundle's (a log entry with a JSON
// body, its analytic row, 1.75 object rows, 0.75 readings, 0.2 inspections per event), in batches
// of 2,000 inside one write transaction of a fresh store with the real schema, under a DuckDB
// memory limit, until 3 M events or a refusal. Each variant runs in a child process of its own:
//   full       the schema as it is;
//   noplain    without the plain object-key indexes (event_objects, inspections, defects);
//   nopk       without the log's primary key (the table made again without it);
//   nokeys     without either;
//   smallbody  the schema as it is, with a body of `{}`.
// `npm run bench:duckdb-import-memory [-- --limit 128MB]`; writes
// bench/results/<date>-duckdb-import-memory.json.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const VARIANTS = ['full', 'noplain', 'nopk', 'nokeys', 'smallbody'];
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

if (process.argv[2] !== '--child') {
  const limit = arg('--limit') ?? '128MB';
  const cases: unknown[] = [];
  for (const v of VARIANTS) {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', import.meta.filename, '--child', v, limit],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const r = JSON.parse(out) as Record<string, unknown>;
    process.stderr.write(`bench: ${JSON.stringify(r)}\n`);
    cases.push(r);
  }
  const date = new Date().toISOString();
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const file = join(import.meta.dirname, 'results', `${date.slice(0, 10)}-duckdb-import-memory.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        bench: 'duckdb-import-memory',
        date,
        commit,
        limit,
        cases,
        machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) },
      },
      null,
      2,
    ) + '\n',
  );
  process.stderr.write(`bench: written to ${file}\n`);
  process.exit(0);
}

const { DuckStore } = await import('../analytics/duckdb.ts');
const variant = process.argv[3]!;
const limit = process.argv[4]!;
const file = join(import.meta.dirname, 'work', `import-memory-${variant}.duckdb`);
for (const s of ['', '.wal']) rmSync(file + s, { force: true });
const db = await DuckStore.open(file);
await db.transaction(async (tx) => {
  await tx.run(`SET memory_limit = '${limit}'`);
  if (variant === 'noplain' || variant === 'nokeys')
    for (const i of ['event_objects_object_key', 'inspections_object_key', 'defects_object_key'])
      await tx.run(`DROP INDEX ${i}`);
  if (variant === 'nopk' || variant === 'nokeys') {
    await tx.run(`CREATE TABLE event_log_np AS SELECT * FROM event_log LIMIT 0`);
    await tx.run(`DROP TABLE event_log`);
    await tx.run(`ALTER TABLE event_log_np RENAME TO event_log`);
  }
});
const body =
  variant === 'smallbody'
    ? '{}'
    : JSON.stringify({
        type: 'ObjectEvent',
        eventTime: '2026-01-01T00:00:00Z',
        eventTimeZoneOffset: '+00:00',
        epcList: ['urn:lotgraph:lot:FL-1'],
        action: 'ADD',
        bizStep: 'receiving',
        disposition: 'in_progress',
        readPoint: { id: 'urn:lotgraph:loc:BAKERY-1' },
        bizLocation: { id: 'urn:lotgraph:loc:BAKERY-1' },
        ilmd: { 'lg:material': 'urn:lotgraph:material:FLOUR', 'lg:supplierLot': 'S-123456' },
        'lg:step': 'receiving',
        padding: 'x'.repeat(300),
      });
let n = 0;
const B = 2000;
const t0 = performance.now();
try {
  await db.transaction(async (tx) => {
    while (n < 3_000_000) {
      const log: unknown[][] = [],
        ev: unknown[][] = [],
        eo: unknown[][] = [],
        sr: unknown[][] = [],
        ins: unknown[][] = [];
      for (let i = 0; i < B; i++) {
        const seq = ++n;
        const id = `urn:uuid:${randomUUID()}`;
        const t = new Date(1.7e12 + seq * 1000).toISOString();
        log.push([seq, id, 'event', 'ObjectEvent', t, t, 'bench', body]);
        ev.push([
          seq,
          id,
          'ObjectEvent',
          'ADD',
          'receiving',
          null,
          t,
          'urn:lotgraph:loc:B',
          null,
          'mixing',
          'urn:lotgraph:eq:M1',
          null,
          null,
          null,
          null,
          null,
          null,
        ]);
        eo.push([
          id,
          'object',
          `urn:lotgraph:lot:FL-${seq}`,
          `urn:lotgraph:lot:FL-${seq}`,
          'lot',
          10,
          'KGM',
          seq,
        ]);
        if (seq % 4 !== 0)
          eo.push([
            id,
            'input',
            `urn:lotgraph:lot:BR-${seq >> 3}`,
            `urn:lotgraph:lot:BR-${seq >> 3}`,
            'lot',
            1,
            'KGM',
            seq,
          ]);
        if (seq % 4 !== 0) sr.push([id, null, 'temp', null, 180, null, 'CEL', t, seq]);
        if (seq % 5 === 0)
          ins.push([
            id,
            `urn:lotgraph:lot:FL-${seq}`,
            `urn:lotgraph:lot:FL-${seq}`,
            'incoming',
            'pass',
            5,
            0,
            t,
            'receiving',
            null,
            seq,
          ]);
      }
      await tx.append('event_log', log);
      await tx.append('events', ev);
      await tx.append('event_objects', eo);
      await tx.append('sensor_readings', sr);
      await tx.append('inspections', ins);
    }
  });
  process.stdout.write(
    JSON.stringify({
      variant,
      outcome: 'committed',
      events: n,
      seconds: Math.round((performance.now() - t0) / 1000),
    }),
  );
} catch (e) {
  process.stdout.write(
    JSON.stringify({
      variant,
      outcome: 'refused',
      events: n,
      seconds: Math.round((performance.now() - t0) / 1000),
      error: String(e).slice(0, 200),
      cause: String((e as { cause?: unknown }).cause).slice(0, 300),
    }),
  );
}
try {
  db.close();
} catch {
  // an instance left fatal by a failed rollback
}
for (const s of ['', '.wal']) rmSync(file + s, { force: true });
