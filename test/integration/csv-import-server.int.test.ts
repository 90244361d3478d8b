// A CSV bundle over the streaming threshold imported through a running server (decision 038):
// `lotgraph import` uploads it to POST /api/imports/csv and prints the job's progress; the job
// stores exactly the bundle's events; sent again it adds nothing; while it holds the event log's
// writer every capture door answers 429 with Retry-After, and the refused capture, sent again,
// is stored once; a broken bundle stores nothing and names file, row and column; an upload that
// is not CSV, too large or announced wrongly is refused before anything is stored; the uploaded
// files are gone at the end and the audit trail says who imported what with which result.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../analytics/audit.store.ts';
import { lastSeq, logCounts } from '../../analytics/event-log.store.ts';
import type { CsvImportJob } from '../../api/services/csv-import.service.ts';
import { writeCsvBundle, type GeneratedBundle } from '../../etl/demo/csv-bundle.generator.ts';
import { doc, lot, party, receive } from '../builders/epcis.builder.ts';
import { TEST_ADMIN_TOKEN, adminFetch, tokenFor } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
// The machine running the tests may be shared: sizes are small and time limits generous.
const UNITS = 500;
const LONG = 600_000;
const MASTER_DATA = 10 + 5 + 3;

let t: TestStores;
let server: TestServer;
let work: string;
let bundle: string;
let g: GeneratedBundle;
let uploads: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'lotgraph-csv-upload-'));
  bundle = join(work, 'bundle');
  g = writeCsvBundle(bundle, UNITS);
  t = await openTestStores();
  uploads = join(t.dir, 'imports');
  server = await startTestServer(
    t,
    {},
    { captureQueue: { slots: 4, bytes: 10_000_000 }, csvImport: { dir: uploads, maxBytes: 2_000_000 } },
  );
}, LONG);
afterAll(async () => {
  await server?.close();
  await t?.close();
  rmSync(work, { recursive: true, force: true });
});

/** The bundle's files in the order `lotgraph import` reads them: sorted by name. */
const filesOf = (dir: string) =>
  readdirSync(dir)
    .filter((n) => n.endsWith('.csv'))
    .sort()
    .map((name) => ({ name, content: readFileSync(join(dir, name)) }));

/** Uploads files as the command line does: one body, the files named with their sizes in a header. */
function upload(files: { name: string; content: Buffer }[], token = TEST_ADMIN_TOKEN) {
  return fetch(`${server.base}/api/imports/csv`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'text/csv',
      'lotgraph-files': files.map((f) => `${f.name}=${f.content.length}`).join(', '),
    },
    body: Buffer.concat(files.map((f) => f.content)),
  });
}

async function job(id: string): Promise<CsvImportJob> {
  const res = await adminFetch(`${server.base}/api/imports/csv/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as CsvImportJob;
}

/** Polls a job until `done` says so (every 20 ms), keeping every state seen. */
async function follow(id: string, done: (j: CsvImportJob) => boolean): Promise<CsvImportJob[]> {
  const seen: CsvImportJob[] = [];
  for (;;) {
    const j = await job(id);
    seen.push(j);
    if (done(j)) return seen;
    await new Promise((r) => setTimeout(r, 20));
  }
}
const finished = (j: CsvImportJob) => j.state === 'succeeded' || j.state === 'failed';

/** A copy of the generated bundle with `edit` applied to it. */
function variant(name: string, edit: (dir: string) => void): string {
  const dir = join(work, name);
  cpSync(bundle, dir, { recursive: true });
  edit(dir);
  return dir;
}

/** Replaces one cell of the last data row of a file; the row's number. */
function lastRowCell(dir: string, file: string, column: string, value: string): number {
  const path = join(dir, file);
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  const i = lines[0]!.split(',').indexOf(column);
  const cells = lines[lines.length - 1]!.split(',');
  cells[i] = value;
  lines[lines.length - 1] = cells.join(',');
  writeFileSync(path, lines.join('\n') + '\n');
  return lines.length - 1;
}

/** `lotgraph` as a user runs it, with this test's server running on PORT and a 0.1 MB streaming size. */
async function lotgraph(...args: string[]) {
  try {
    const r = await run('node', [join(root, 'bin/lotgraph.mjs'), ...args], {
      cwd: root,
      env: {
        ...process.env,
        PORT: new URL(server.base).port,
        LOTGRAPH_TOKEN: TEST_ADMIN_TOKEN,
        LOTGRAPH_CSV_STREAM_MB: '0.1',
        LOTGRAPH_DATA_DIR: join(work, 'cli-data'),
      },
      maxBuffer: 16 << 20,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let n = 0;
const oneReceipt = () =>
  JSON.stringify(doc([receive({ lot: lot(`SRV-${++n}`), qty: 1, uom: 'KGM', supplier: party('S'), t: n })]));
const postEvents = (body: string) =>
  adminFetch(`${server.base}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });

describe('a streamed CSV import through a running server', () => {
  it(
    '`lotgraph import` uploads a bundle over the streaming threshold, prints progress, stores it exactly',
    async () => {
      expect(g.bytes).toBeGreaterThan(0.1 * 1024 * 1024);
      const r = await lotgraph('import', bundle);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/csv: uploading 0 MB to http:\/\/127\.0\.0\.1:\d+/);
      expect(r.stderr).toMatch(/csv: uploaded; import [0-9a-f-]{36} running on the server/);
      expect(r.stderr).toMatch(/csv: (checking|converting), /);
      expect(r.stdout).toBe(`${bundle}: ${g.events} events read, ${g.events} captured, 0 already known\n`);
      expect(await logCounts(t.stores.duck)).toEqual({ events: g.events, masterData: MASTER_DATA });
      expect(await lastSeq(t.stores.duck)).toBe(g.events + MASTER_DATA);
      // the upload is gone
      expect(readdirSync(uploads)).toEqual([]);
      const audit = (await readAudit(t.stores.duck, {})).filter((e) => e.subject.startsWith('csv-import:'));
      expect(audit.map((e) => [e.action, e.actor])).toEqual([
        ['csv.import.start', 'env:admin-token'],
        ['csv.import.finish', 'env:admin-token'],
      ]);
      expect(audit[0]!.after).toEqual({
        files: filesOf(bundle).map((f) => ({ name: f.name, bytes: f.content.length })),
        bytes: g.bytes,
      });
      expect(audit[1]!.after).toEqual({
        state: 'succeeded',
        rows: g.rows,
        events: g.events,
        captured: g.events,
        duplicates: 0,
      });
    },
    LONG,
  );

  it(
    'holds every capture door with 429 and Retry-After while it has the writer; sent again: nothing twice',
    async () => {
      const before = await lastSeq(t.stores.duck);
      // The test takes the writer first, so the import stops where it wants it, checked and held.
      let letGo!: () => void;
      const gate = new Promise<void>((resolve) => (letGo = resolve));
      const holding = t.stores.duck.transaction(() => gate);
      const res = await upload(filesOf(bundle));
      expect(res.status).toBe(202);
      const submitted = (await res.json()) as CsvImportJob;
      expect(res.headers.get('location')).toBe(`/api/imports/csv/${submitted.id}`);
      const seen = await follow(submitted.id, (j) => j.state === 'converting');
      const held = seen.at(-1)!;
      // the bundle was read whole in the check, nothing converted yet
      expect(held.progress).toMatchObject({ phase: 'check', events: 0, stored: 0 });
      expect(held.progress!.bytes).toBe(held.progress!.totalBytes);
      expect(held.progress!.rows).toBeGreaterThanOrEqual(g.rows);
      expect(server.app.captureQueue.state.held).toBe(true);

      const refused = oneReceipt();
      const rest = await postEvents(refused);
      expect(rest.status).toBe(429);
      expect(Number(rest.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await rest.json()) as { error: { message: string } }).error.message).toMatch(
        /^a streamed CSV import holds the event log's writer: send the document again in \d+ s; nothing was stored$/,
      );
      const epcis = await adminFetch(`${server.base}/epcis/capture`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: oneReceipt(),
      });
      expect(epcis.status).toBe(429);
      expect(Number(epcis.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const form = await adminFetch(`${server.base}/api/capture/receiving`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ data: {} }),
      });
      expect(form.status).toBe(429);
      expect(Number(form.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // a second bundle while one runs: refused before it is read
      const second = await upload(filesOf(bundle));
      expect(second.status).toBe(429);
      expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

      letGo();
      await holding;
      const done = (await follow(submitted.id, finished)).at(-1)!;
      expect(done).toMatchObject({
        state: 'succeeded',
        report: {
          rows: g.rows,
          read: g.events,
          captured: 0,
          duplicates: g.events,
          masterData: { captured: 0, duplicates: MASTER_DATA },
          graph: 'projected',
        },
        progress: { phase: 'convert', events: g.events, stored: 0 },
      });
      expect(await lastSeq(t.stores.duck)).toBe(before);
      expect(server.app.captureQueue.state).toMatchObject({ held: false, admitted: 0 });
      // the refused capture, sent again, is stored once
      expect((await postEvents(refused)).status).toBe(201);
      expect(await logCounts(t.stores.duck)).toEqual({ events: g.events + 1, masterData: MASTER_DATA });
      expect(readdirSync(uploads)).toEqual([]);
    },
    LONG,
  );

  it(
    'a bundle with a bad cell in its last row stores nothing and names file, row and column',
    async () => {
      let row = 0;
      const broken = variant('broken', (dir) => {
        row = lastRowCell(dir, 'shipments.csv', 'shipped_at', '2024-03-04T06:00:00');
      });
      const before = await lastSeq(t.stores.duck);
      const res = await upload(filesOf(broken));
      expect(res.status).toBe(202);
      const { id } = (await res.json()) as CsvImportJob;
      const done = (await follow(id, finished)).at(-1)!;
      expect(done.state).toBe('failed');
      expect(done.error).toMatchObject({
        code: 'INVALID_CSV',
        message: 'the CSV bundle has 1 problem(s); nothing was imported',
        problems: [{ file: 'shipments.csv', row, field: 'shipped_at', reason: expect.any(String) }],
      });
      expect(await lastSeq(t.stores.duck)).toBe(before);
      expect(readdirSync(uploads)).toEqual([]);
      const finish = (await readAudit(t.stores.duck, {})).find(
        (e) => e.subject === `csv-import:${id}` && e.action === 'csv.import.finish',
      );
      expect(finish?.after).toMatchObject({
        state: 'failed',
        captured: 0,
        error: 'INVALID_CSV',
        problems: 1,
      });
      // the command line says the same, and where
      const cli = await lotgraph('import', broken);
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain('lotgraph: the CSV bundle has 1 problem(s); nothing was imported\n');
      expect(cli.stderr).toMatch(new RegExp(`\\n  shipments\\.csv row ${row} shipped_at: .+\\n`));
      expect(cli.stdout).toBe('');
      expect(await lastSeq(t.stores.duck)).toBe(before);
      expect(readdirSync(uploads)).toEqual([]);
    },
    LONG,
  );

  it(
    'refuses an upload that is not CSV, too large, announced wrongly or not allowed, storing nothing',
    async () => {
      const before = await lastSeq(t.stores.duck);
      const audit = (await readAudit(t.stores.duck, {})).length;
      const files = filesOf(bundle);
      const json = await upload([
        ...files.slice(0, 2),
        { name: 'receipts.csv', content: Buffer.from('{"a":1}\n') },
      ]);
      expect(json.status).toBe(400);
      expect(await json.json()).toMatchObject({
        error: {
          code: 'INVALID_INPUT',
          problems: [{ file: 'receipts.csv', reason: 'starts like JSON; send EPCIS documents to a capture' }],
        },
      });
      const binary = await upload([
        { name: 'receipts.csv', content: Buffer.from([0x6c, 0x6f, 0x74, 0x00, 0x01]) },
      ]);
      expect(binary.status).toBe(400);
      expect(await binary.json()).toMatchObject({
        error: { problems: [{ file: 'receipts.csv', reason: 'holds a NUL byte near byte 4' }] },
      });
      const folder = await upload([{ name: '../receipts.csv', content: Buffer.from('lot\n') }]);
      expect(folder.status).toBe(400);
      const big = await upload([{ name: 'receipts.csv', content: Buffer.alloc(2_000_001, 0x61) }]);
      expect(big.status).toBe(413);
      const wrong = await fetch(`${server.base}/api/imports/csv`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
          'content-type': 'text/csv',
          'lotgraph-files': 'receipts.csv=10',
        },
        body: 'lot\nA\n',
      });
      expect(wrong.status).toBe(400);
      expect(((await wrong.json()) as { error: { message: string } }).error.message).toBe(
        'the lotgraph-files header names 10 bytes, the body has 6; nothing was imported',
      );
      const reader = await upload(files, await tokenFor(server.base, 'auditor'));
      expect(reader.status).toBe(403);
      expect(await lastSeq(t.stores.duck)).toBe(before);
      // creating the auditor's user and token are the only new audit entries
      expect((await readAudit(t.stores.duck, {})).slice(audit).map((e) => e.action)).not.toContain(
        'csv.import.start',
      );
      expect(readdirSync(uploads)).toEqual([]);
      expect(existsSync(uploads)).toBe(true);
    },
    LONG,
  );
});
