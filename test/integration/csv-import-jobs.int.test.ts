// The jobs of streamed CSV imports through a running server are stored in DuckDB and can be
// cancelled (decision 040): a job ended before a restart answers GET as it ended; jobs a stopped
// server left running are ended at the next start (one stored as converting failed, INTERRUPTED,
// one stored as projecting had committed and succeeded) and their upload folders are removed;
// a running import is cancelled while it checks, while it waits for the writer and while its
// transaction has batches in, storing nothing and giving the writer back; a job that has ended
// cannot be cancelled, and only its own user or an admin may cancel one. Real server, real DuckDB
// file (closed and opened again as a restart does), real Neo4j.
// Decision 044: the real `lotgraph` command (a child process) cancels a running import with
// `import --cancel <id>` and with Ctrl+C (SIGINT) while it follows its own upload, and says why it
// cannot cancel an ended, unknown or another's job; the retention deletes exactly the ended jobs
// older than its cutoff, never a running one, audited once with the count, and not at all when
// nothing is old; the scheduler runs it at start-up with the configured days.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit, verifyAudit } from '../../analytics/audit.store.ts';
import { DuckStore } from '../../analytics/duckdb.ts';
import { logCounts } from '../../analytics/event-log.store.ts';
import {
  createCsvImportJob,
  finishCsvImportJob,
  getCsvImportJob,
  updateCsvImportJob,
} from '../../analytics/import-jobs.store.ts';
import { readConfig } from '../../api/config.ts';
import { jobStatuses, jobsOf, startScheduler } from '../../api/scheduler.ts';
import { purgeEndedImports, type CsvImportJob } from '../../api/services/csv-import.service.ts';
import type { CsvImportReport } from '../../etl/csv/csv.import.ts';
import { writeCsvBundle, type GeneratedBundle } from '../../etl/demo/csv-bundle.generator.ts';
import { doc, lot, party, receive } from '../builders/epcis.builder.ts';
import { TEST_ADMIN_TOKEN, bearer, tokenFor } from '../support/auth.ts';
import { childEnv, freePort, lotgraphChild } from '../support/child-process.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

// The machine running the tests may be shared: time limits are generous.
const LONG = 600_000;
/** large enough that its check and its conversion each take seconds (26,000 events, 13 batches) */
const BIG_UNITS = 5_000;

let t: TestStores;
let server: TestServer;
let work: string;
let small: GeneratedBundle;
let smallDir: string;
let big: GeneratedBundle;
let bigDir: string;
let uploads: string;

const serverOptions = () => ({ csvImport: { dir: uploads, maxBytes: 64 * 1024 * 1024 } });

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'lotgraph-csv-jobs-'));
  smallDir = join(work, 'small');
  small = writeCsvBundle(smallDir, 500);
  bigDir = join(work, 'big');
  big = writeCsvBundle(bigDir, BIG_UNITS);
  t = await openTestStores();
  uploads = join(t.dir, 'imports');
  server = await startTestServer(t, {}, serverOptions());
}, LONG);
afterAll(async () => {
  await server?.close();
  await t?.close();
  rmSync(work, { recursive: true, force: true });
});

/**
 * Stops the server and closes the DuckDB file, as a stopped process leaves them; `meanwhile`
 * runs with both closed (a crashed process's last writes); then both start again on the same
 * data folder, as `lotgraph start` does.
 */
async function restart(meanwhile?: (db: DuckStore) => Promise<void>): Promise<void> {
  await server.close();
  const file = t.stores.duck.file;
  t.stores.duck.close();
  const db = await DuckStore.open(file);
  await meanwhile?.(db);
  t.stores.duck = db;
  server = await startTestServer(t, {}, serverOptions());
}

const filesOf = (dir: string) =>
  readdirSync(dir)
    .filter((n) => n.endsWith('.csv'))
    .sort()
    .map((name) => ({ name, content: readFileSync(join(dir, name)) }));

async function upload(dir: string, token = TEST_ADMIN_TOKEN): Promise<CsvImportJob> {
  const files = filesOf(dir);
  const res = await fetch(`${server.base}/api/imports/csv`, {
    method: 'POST',
    headers: {
      ...bearer(token),
      'content-type': 'text/csv',
      'lotgraph-files': files.map((f) => `${f.name}=${f.content.length}`).join(', '),
    },
    body: Buffer.concat(files.map((f) => f.content)),
  });
  expect(res.status).toBe(202);
  return (await res.json()) as CsvImportJob;
}

const getJob = (id: string, token = TEST_ADMIN_TOKEN) =>
  fetch(`${server.base}/api/imports/csv/${id}`, { headers: bearer(token) });
const cancelJob = (id: string, token = TEST_ADMIN_TOKEN) =>
  fetch(`${server.base}/api/imports/csv/${id}`, { method: 'DELETE', headers: bearer(token) });

async function job(id: string): Promise<CsvImportJob> {
  const res = await getJob(id);
  expect(res.status).toBe(200);
  return (await res.json()) as CsvImportJob;
}

/** Polls a job every 20 ms until `done` says so; the last state seen. */
async function follow(id: string, done: (j: CsvImportJob) => boolean): Promise<CsvImportJob> {
  for (;;) {
    const j = await job(id);
    if (done(j)) return j;
    await new Promise((r) => setTimeout(r, 20));
  }
}
const ended = (j: CsvImportJob) => j.finishedAt !== undefined;

const finishEntries = async (id: string) =>
  (await readAudit(t.stores.duck, { subject: `csv-import:${id}` })).filter(
    (e) => e.action === 'csv.import.finish',
  );

let n = 0;
const postReceipt = () =>
  fetch(`${server.base}/api/events`, {
    method: 'POST',
    headers: { ...bearer(TEST_ADMIN_TOKEN), 'content-type': 'application/json' },
    body: JSON.stringify(
      doc([receive({ lot: lot(`JOBS-${++n}`), qty: 1, uom: 'KGM', supplier: party('S'), t: n })]),
    ),
  });

/** After a cancelled import: nothing of it stored, the upload gone, the writer and queue free. */
async function expectNothingStoredAndWriterFree(before: { events: number; masterData: number }) {
  expect(await logCounts(t.stores.duck)).toEqual(before);
  expect(readdirSync(uploads)).toEqual([]);
  expect(server.app.captureQueue.state).toMatchObject({ held: false, admitted: 0 });
  expect((await postReceipt()).status).toBe(201);
  expect(await logCounts(t.stores.duck)).toEqual({ ...before, events: before.events + 1 });
}

describe('CSV import jobs stored in DuckDB', () => {
  it(
    'a succeeded and a failed job answer GET as they ended after the server and DuckDB are reopened',
    async () => {
      const ok = await upload(smallDir);
      const succeeded = await follow(ok.id, ended);
      expect(succeeded).toMatchObject({
        state: 'succeeded',
        report: { rows: small.rows, read: small.events, captured: small.events, graph: 'projected' },
      });
      // a broken bundle: one bad cell in receipts.csv's first data row
      const brokenDir = join(work, 'broken');
      mkdirSync(brokenDir);
      for (const f of filesOf(smallDir)) writeFileSync(join(brokenDir, f.name), f.content);
      const receipts = readFileSync(join(brokenDir, 'receipts.csv'), 'utf8').split('\n');
      const header = receipts[0]!.split(',');
      const cells = receipts[1]!.split(',');
      cells[header.indexOf('quantity')] = 'many';
      receipts[1] = cells.join(',');
      writeFileSync(join(brokenDir, 'receipts.csv'), receipts.join('\n'));
      const bad = await upload(brokenDir);
      const failed = await follow(bad.id, ended);
      expect(failed).toMatchObject({
        state: 'failed',
        error: { code: 'INVALID_CSV', problems: [{ file: 'receipts.csv', row: 1, field: 'quantity' }] },
      });
      const counts = await logCounts(t.stores.duck);

      await restart();
      expect(await job(ok.id)).toEqual(succeeded);
      expect(await job(bad.id)).toEqual(failed);
      // the restart ended nothing: both had ended, each with one audited outcome
      expect((await finishEntries(ok.id)).length).toBe(1);
      expect((await finishEntries(bad.id)).length).toBe(1);
      expect(await logCounts(t.stores.duck)).toEqual(counts);
      expect((await getJob('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    },
    LONG,
  );

  it(
    'jobs a stopped server left running are ended at the next start, their folders removed and audited',
    async () => {
      const counts = await logCounts(t.stores.duck);
      const converting = 'a0000000-0000-4000-8000-000000000001';
      const projecting = 'a0000000-0000-4000-8000-000000000002';
      const folderOnly = 'a0000000-0000-4000-8000-000000000003';
      const files = [{ name: 'receipts.csv', bytes: 1234 }];
      const createdAt = '2026-12-08T09:00:00.000Z';
      const committed: CsvImportReport = {
        rows: 900,
        read: 400,
        captured: 380,
        duplicates: 20,
        masterData: { captured: 3, duplicates: 0 },
        graph: 'pending',
      };
      const progress = { rows_read: 900, bytes_read: 1234, bytes_total: 1234, events: 400 };
      await restart(async (db) => {
        // what a process stopped in these states left behind, written as the service writes it
        await db.transaction(async (tx) => {
          for (const id of [converting, projecting])
            await createCsvImportJob(tx, {
              job_id: id,
              created_at: createdAt,
              actor: 'user:ana',
              files: JSON.stringify(files),
              bytes: 1234,
            });
          await updateCsvImportJob(tx, {
            job_id: converting,
            updated_at: createdAt,
            state: 'converting',
            phase: 'convert',
            ...progress,
            stored: 200,
            report: null,
          });
          await updateCsvImportJob(tx, {
            job_id: projecting,
            updated_at: createdAt,
            state: 'projecting',
            phase: 'convert',
            ...progress,
            stored: committed.captured,
            report: JSON.stringify(committed),
          });
        });
        for (const id of [converting, projecting, folderOnly]) {
          mkdirSync(join(uploads, id, 'csv-import-x'), { recursive: true });
          writeFileSync(join(uploads, id, 'receipts.csv'), 'lot\nA\n');
          writeFileSync(join(uploads, id, 'csv-import-x', 'part-0.jsonl'), '[]\n');
        }
      });

      expect(readdirSync(uploads)).toEqual([]);
      const failed = await job(converting);
      expect(failed).toEqual({
        id: converting,
        actor: 'user:ana',
        createdAt,
        finishedAt: expect.any(String),
        state: 'failed',
        files,
        // the 200 its transaction had appended were rolled back: none stored
        progress: { phase: 'convert', rows: 900, bytes: 1234, totalBytes: 1234, events: 400, stored: 0 },
        error: {
          code: 'INTERRUPTED',
          message:
            'the server stopped during this import, before its transaction committed: nothing of it was stored; send the bundle again',
          problems: [],
        },
      });
      const succeeded = await job(projecting);
      expect(succeeded).toMatchObject({
        state: 'succeeded',
        report: committed,
        note: expect.stringMatching(
          /^the server stopped while the graph was following this import: its events had been committed/,
        ),
      });
      expect(succeeded.error).toBeUndefined();
      expect((await finishEntries(converting)).map((e) => [e.actor, e.after])).toEqual([
        [
          'system',
          { state: 'failed', rows: 900, events: 0, captured: 0, duplicates: 0, error: 'INTERRUPTED' },
        ],
      ]);
      expect((await finishEntries(projecting)).map((e) => [e.actor, e.after])).toEqual([
        [
          'system',
          {
            state: 'succeeded',
            rows: committed.rows,
            events: committed.read,
            captured: committed.captured,
            duplicates: committed.duplicates,
            graph: 'pending',
          },
        ],
      ]);
      expect((await finishEntries(folderOnly)).map((e) => [e.actor, e.after])).toEqual([
        ['system', { state: 'failed', error: 'INTERRUPTED' }],
      ]);
      // a folder with no stored job has no job to show
      expect((await getJob(folderOnly)).status).toBe(404);
      expect(await logCounts(t.stores.duck)).toEqual(counts);

      // started again, nothing more is ended or audited
      await restart();
      expect(await job(converting)).toEqual(failed);
      expect((await finishEntries(converting)).length).toBe(1);
      expect((await finishEntries(folderOnly)).length).toBe(1);
    },
    LONG,
  );
});

describe('cancelling a CSV import job', () => {
  it(
    'cancelled while its transaction has batches in: nothing stored, the writer given back',
    async () => {
      const before = await logCounts(t.stores.duck);
      const { id } = await upload(bigDir);
      const running = await follow(id, (j) => (j.progress?.stored ?? 0) > 0 || ended(j));
      expect(running.state).toBe('converting');
      // Written before the import's transaction took the writer: its state and the checked bundle.
      const row = await getCsvImportJob(t.stores.duck, id);
      expect(row).toMatchObject({ state: 'converting', phase: 'check', finished_at: null });
      expect(row!.bytes_read).toBe(row!.bytes_total);
      expect(row!.rows_read).toBeGreaterThanOrEqual(big.rows);

      const res = await cancelJob(id);
      expect(res.status).toBe(200);
      const cancelled = (await res.json()) as CsvImportJob;
      expect(cancelled).toMatchObject({
        state: 'cancelled',
        finishedAt: expect.any(String),
        error: {
          code: 'CANCELLED',
          message: 'cancelled by env:admin-token before it committed: nothing of it was stored',
          problems: [],
        },
      });
      expect(cancelled.report).toBeUndefined();
      // it had converted some events, not all; what its transaction had appended was rolled
      // back, so its progress shows none stored
      expect(cancelled.progress!.events).toBeGreaterThan(0);
      expect(cancelled.progress!.events).toBeLessThan(big.events);
      expect(cancelled.progress!.stored).toBe(0);
      expect(await job(id)).toEqual(cancelled);
      expect((await finishEntries(id)).map((e) => [e.actor, e.after, e.reason])).toEqual([
        [
          'env:admin-token',
          {
            state: 'cancelled',
            rows: cancelled.progress!.rows,
            events: 0,
            captured: 0,
            duplicates: 0,
            error: 'CANCELLED',
            problems: 0,
            cancelledBy: 'env:admin-token',
          },
          cancelled.error!.message,
        ],
      ]);
      await expectNothingStoredAndWriterFree(before);
    },
    LONG,
  );

  it(
    'cancelled while it checks the bundle, and while it waits for the writer',
    async () => {
      let before = await logCounts(t.stores.duck);
      const checking = await upload(bigDir);
      const seen = await follow(checking.id, (j) => j.progress !== null || ended(j));
      expect(seen).toMatchObject({ state: 'checking', progress: { phase: 'check' } });
      expect(seen.progress!.bytes).toBeLessThan(seen.progress!.totalBytes);
      const res = await cancelJob(checking.id);
      expect(res.status).toBe(200);
      const cancelled = (await res.json()) as CsvImportJob;
      expect(cancelled).toMatchObject({ state: 'cancelled', progress: { phase: 'check', stored: 0 } });
      expect(cancelled.progress!.bytes).toBeLessThan(cancelled.progress!.totalBytes);
      await expectNothingStoredAndWriterFree(before);

      // The test takes the writer first: the import stops checked, holding the queue.
      before = await logCounts(t.stores.duck);
      let letGo!: () => void;
      const gate = new Promise<void>((resolve) => (letGo = resolve));
      const holding = t.stores.duck.transaction(() => gate);
      const waiting = await upload(smallDir);
      await follow(waiting.id, (j) => j.state === 'converting');
      expect(server.app.captureQueue.state.held).toBe(true);
      const answer = cancelJob(waiting.id);
      // answered once the import has stopped, which it does when it gets the writer
      let answered = false;
      void answer.then(() => (answered = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(answered).toBe(false);
      letGo();
      await holding;
      const res2 = await answer;
      expect(res2.status).toBe(200);
      expect(await res2.json()).toMatchObject({
        state: 'cancelled',
        progress: { phase: 'check', stored: 0 },
      });
      await expectNothingStoredAndWriterFree(before);
    },
    LONG,
  );

  it(
    'a job that has ended cannot be cancelled; only its own user or an admin may cancel one',
    async () => {
      const { id } = await upload(smallDir);
      const done = await follow(id, ended);
      expect(done.state).toBe('succeeded');
      const admin = await cancelJob(id);
      expect(admin.status).toBe(409);
      expect(await admin.json()).toMatchObject({
        error: {
          code: 'CONFLICT',
          message: `CSV import ${id} has already ended (succeeded): there is nothing to cancel`,
        },
      });
      // a quality engineer reads every job but may cancel only its own
      const quality = await tokenFor(server.base, 'quality_engineer');
      expect((await getJob(id, quality)).status).toBe(200);
      const notOwn = await cancelJob(id, quality);
      expect(notOwn.status).toBe(403);
      // an operator sees only its own jobs
      const operator = await tokenFor(server.base, 'operator');
      expect((await getJob(id, operator)).status).toBe(404);
      expect((await cancelJob(id, operator)).status).toBe(404);
      // a role without events:capture may not
      expect((await cancelJob(id, await tokenFor(server.base, 'auditor'))).status).toBe(403);
      expect((await cancelJob('00000000-0000-4000-8000-000000000000')).status).toBe(404);
      // nothing changed
      expect(await job(id)).toEqual(done);
      expect((await finishEntries(id)).length).toBe(1);
    },
    LONG,
  );
});

/** `lotgraph <args>` as a user runs it (its own process group), with this test's server on PORT. */
const lotgraph = (args: string[], extra: Record<string, string> = {}) =>
  lotgraphChild(args, childEnv(join(work, 'cli-data'), Number(new URL(server.base).port), extra));
const CANCELLED_BY_ADMIN = 'cancelled by env:admin-token before it committed: nothing of it was stored';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** Starts `lotgraph import --stream <dir>` and waits until its job runs on the server; the job's id. */
async function importChild(dir: string) {
  const child = lotgraph(['import', '--stream', dir]);
  const line = await child.waitFor(
    new RegExp(`^lotgraph: csv: uploaded; import (${UUID}) running on the server \\(Ctrl\\+C cancels it\\)$`),
  );
  return { child, id: new RegExp(UUID).exec(line)![0] };
}

describe('cancelling a CSV import from the command line', () => {
  it(
    "`lotgraph import --cancel <id>` cancels a running import; an ended, unknown or other user's job is refused",
    async () => {
      const before = await logCounts(t.stores.duck);
      // The test takes the writer first: the import stops checked, waiting for it.
      let letGo!: () => void;
      const gate = new Promise<void>((resolve) => (letGo = resolve));
      const holding = t.stores.duck.transaction(() => gate);
      const { id } = await upload(bigDir);
      await follow(id, (j) => j.state === 'converting');
      const cancel = lotgraph(['import', '--cancel', id]);
      await cancel.waitFor(
        new RegExp(`^lotgraph: cancelling CSV import ${id} on http://127\\.0\\.0\\.1:\\d+ …$`),
      );
      // the server answers once the import has stopped, which it does when it gets the writer
      await new Promise((r) => setTimeout(r, 500));
      expect(cancel.proc.exitCode).toBe(null);
      letGo();
      await holding;
      expect(await cancel.exited).toBe(0);
      expect(cancel.lines).toContain(`csv import ${id}: ${CANCELLED_BY_ADMIN}`);
      const cancelled = await job(id);
      expect(cancelled).toMatchObject({
        state: 'cancelled',
        error: { code: 'CANCELLED', message: CANCELLED_BY_ADMIN },
      });
      expect((await finishEntries(id)).map((e) => [e.actor, (e.after as { state: string }).state])).toEqual([
        ['env:admin-token', 'cancelled'],
      ]);
      await expectNothingStoredAndWriterFree(before);

      const counts = await logCounts(t.stores.duck);
      const ended = lotgraph(['import', '--cancel', id]);
      expect(await ended.exited).toBe(1);
      expect(ended.lines).toEqual([
        `lotgraph: cancelling CSV import ${id} on ${server.base} …`,
        `lotgraph: CSV import ${id} has already ended (cancelled): there is nothing to cancel`,
      ]);
      const unknownId = '00000000-0000-4000-8000-000000000000';
      const unknown = lotgraph(['import', '--cancel', unknownId]);
      expect(await unknown.exited).toBe(1);
      expect(unknown.lines).toEqual([
        `lotgraph: cancelling CSV import ${unknownId} on ${server.base} …`,
        `lotgraph: no CSV import ${unknownId} (or not one of yours: a capturer sees only its own)`,
      ]);
      // a quality engineer reads every job but may cancel only its own
      const quality = await tokenFor(server.base, 'quality_engineer');
      const other = lotgraph(['import', '--cancel', id], { LOTGRAPH_TOKEN: quality });
      expect(await other.exited).toBe(1);
      expect(other.lines).toContain(
        `lotgraph: CSV import ${id} is env:admin-token's: only they or an admin may cancel it`,
      );
      // nothing changed
      expect(await job(id)).toEqual(cancelled);
      expect((await finishEntries(id)).length).toBe(1);
      expect(await logCounts(t.stores.duck)).toEqual(counts);
    },
    LONG,
  );

  it(
    '`lotgraph import` takes paths or --cancel, not both, and --cancel needs a running server',
    async () => {
      const none = lotgraph(['import']);
      expect(await none.exited).toBe(1);
      expect(none.lines).toEqual([
        'lotgraph: give the files or folders to import, or --cancel <job id> to cancel a CSV import running on the server',
      ]);
      const both = lotgraph(['import', smallDir, '--cancel', 'x']);
      expect(await both.exited).toBe(1);
      expect(both.lines).toEqual([
        'lotgraph: give either the files or folders to import, or --cancel <job id>, not both; nothing was imported or cancelled',
      ]);
      const port = await freePort();
      const noServer = lotgraph(['import', '--cancel', 'x'], { PORT: String(port) });
      expect(await noServer.exited).toBe(1);
      expect(noServer.lines).toEqual([
        `lotgraph: no Lotgraph server answers on port ${port}: --cancel cancels a CSV import running on a server`,
      ]);
    },
    LONG,
  );

  it(
    'Ctrl+C while `lotgraph import` follows its job cancels the job on the server: nothing stored',
    async () => {
      const before = await logCounts(t.stores.duck);
      const { child, id } = await importChild(bigDir);
      process.kill(child.proc.pid!, 'SIGINT');
      expect(await child.exited).toBe(1);
      expect(child.lines).toContain(
        `lotgraph: csv: Ctrl+C: cancelling import ${id} on the server … (Ctrl+C again stops waiting for its answer)`,
      );
      expect(child.lines[child.lines.length - 1]).toBe(`lotgraph: csv import ${id}: ${CANCELLED_BY_ADMIN}`);
      const cancelled = await job(id);
      expect(cancelled).toMatchObject({
        state: 'cancelled',
        error: { code: 'CANCELLED', message: CANCELLED_BY_ADMIN },
      });
      expect(cancelled.report).toBeUndefined();
      expect((await finishEntries(id)).map((e) => (e.after as { state: string }).state)).toEqual([
        'cancelled',
      ]);
      await expectNothingStoredAndWriterFree(before);
    },
    LONG,
  );

  it(
    'a second Ctrl+C stops waiting for the answer at once; the cancellation sent goes on',
    async () => {
      const before = await logCounts(t.stores.duck);
      // The test holds the writer: the cancelled import's end, and so the server's answer, wait for it.
      let letGo!: () => void;
      const gate = new Promise<void>((resolve) => (letGo = resolve));
      const holding = t.stores.duck.transaction(() => gate);
      const { child, id } = await importChild(bigDir);
      process.kill(child.proc.pid!, 'SIGINT');
      await child.waitFor(/^lotgraph: csv: Ctrl\+C: cancelling import/);
      // cancelled while it checks: it stops at the next row and removes its upload
      await expect.poll(() => existsSync(join(uploads, id)), { timeout: 60_000, interval: 50 }).toBe(false);
      expect(child.proc.exitCode).toBe(null);
      process.kill(child.proc.pid!, 'SIGINT');
      expect(await child.exited).toBe(130);
      expect(child.lines[child.lines.length - 1]).toBe(
        `lotgraph: csv: stopped waiting for the server's answer; the cancellation was sent: GET /api/imports/csv/${id} shows how the import ended`,
      );
      letGo();
      await holding;
      expect(await follow(id, ended)).toMatchObject({
        state: 'cancelled',
        error: { code: 'CANCELLED', message: CANCELLED_BY_ADMIN },
      });
      await expectNothingStoredAndWriterFree(before);
    },
    LONG,
  );
});

const DAY = 24 * 60 * 60 * 1000;
interface SeedJob {
  id: string;
  state: 'checking' | 'converting' | 'succeeded' | 'failed' | 'cancelled';
  createdAt: string;
  /** null: still running */
  finishedAt: string | null;
}

/** Writes jobs through the store as the service writes them: created, maybe converting, maybe ended. */
async function seed(jobs: SeedJob[]): Promise<void> {
  await t.stores.duck.transaction(async (tx) => {
    for (const j of jobs) {
      await createCsvImportJob(tx, {
        job_id: j.id,
        created_at: j.createdAt,
        actor: 'user:ana',
        files: JSON.stringify([{ name: 'receipts.csv', bytes: 100 }]),
        bytes: 100,
      });
      const progress = {
        phase: 'check' as const,
        rows_read: 3,
        bytes_read: 100,
        bytes_total: 100,
        events: 0,
        stored: 0,
      };
      if (j.state === 'converting')
        await updateCsvImportJob(tx, {
          job_id: j.id,
          updated_at: j.createdAt,
          state: 'converting',
          ...progress,
          report: null,
        });
      if (j.finishedAt !== null)
        expect(
          await finishCsvImportJob(tx, {
            job_id: j.id,
            finished_at: j.finishedAt,
            state: j.state as 'succeeded' | 'failed' | 'cancelled',
            ...progress,
            report: null,
            error:
              j.state === 'succeeded'
                ? null
                : JSON.stringify({ code: 'INVALID_CSV', message: 'bad', problems: [] }),
          }),
        ).toEqual([{ job_id: j.id }]);
    }
  });
}

const jobIds = async () =>
  (await t.stores.duck.query('SELECT job_id FROM csv_import_jobs ORDER BY job_id')).map((r) =>
    String(r['job_id']),
  );
const purgeEntries = () => readAudit(t.stores.duck, { action: 'csv.import.jobs.purge' });

describe('retention of ended CSV import jobs', () => {
  it(
    'deletes exactly the jobs that ended before the cutoff, audited once with the count; running and recent ones stay',
    async () => {
      const now = new Date();
      const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
      const cutoffMs = now.getTime() - 90 * DAY;
      const seeds: SeedJob[] = [
        { id: 'keep-test-01', state: 'succeeded', createdAt: ago(401 * DAY), finishedAt: ago(400 * DAY) },
        { id: 'keep-test-02', state: 'failed', createdAt: ago(92 * DAY), finishedAt: ago(91 * DAY) },
        // a millisecond before the cutoff, and at the cutoff itself (not before it)
        { id: 'keep-test-03', state: 'cancelled', createdAt: ago(91 * DAY), finishedAt: ago(90 * DAY + 1) },
        { id: 'keep-test-04', state: 'succeeded', createdAt: ago(91 * DAY), finishedAt: ago(90 * DAY) },
        { id: 'keep-test-05', state: 'failed', createdAt: ago(90 * DAY), finishedAt: ago(89 * DAY) },
        { id: 'keep-test-06', state: 'cancelled', createdAt: ago(2 * 3600_000), finishedAt: ago(3600_000) },
        // running, however old: never deleted
        { id: 'keep-test-07', state: 'converting', createdAt: ago(400 * DAY), finishedAt: null },
        { id: 'keep-test-08', state: 'checking', createdAt: ago(200 * DAY), finishedAt: null },
      ];
      await seed(seeds);
      const old = seeds
        .filter((j) => j.finishedAt !== null && Date.parse(j.finishedAt) < cutoffMs)
        .map((j) => j.id);
      expect(old).toEqual(['keep-test-01', 'keep-test-02', 'keep-test-03']);
      // with the jobs of the tests above, which ended minutes ago and stay too
      const idsBefore = await jobIds();
      const kept = seeds.filter((j) => !old.includes(j.id));
      const keptRows = await Promise.all(kept.map((j) => getCsvImportJob(t.stores.duck, j.id)));
      const entriesBefore = await purgeEntries();
      const counts = await logCounts(t.stores.duck);

      const cutoff = new Date(cutoffMs).toISOString();
      expect(await purgeEndedImports(t.stores.duck, { now, keepDays: 90 })).toEqual({
        deleted: old.length,
        cutoff,
      });
      expect(await jobIds()).toEqual(idsBefore.filter((id) => !old.includes(id)));
      for (const id of old) expect(await getCsvImportJob(t.stores.duck, id)).toBeNull();
      expect(await Promise.all(kept.map((j) => getCsvImportJob(t.stores.duck, j.id)))).toEqual(keptRows);
      const entries = await purgeEntries();
      expect(entries.slice(0, entriesBefore.length)).toEqual(entriesBefore);
      expect(
        entries.slice(entriesBefore.length).map((e) => [e.actor, e.subject, e.before, e.after, e.reason]),
      ).toEqual([
        [
          'system',
          'csv-import-jobs',
          null,
          { deleted: 3, cutoff, keepDays: 90, jobs: ['keep-test-01', 'keep-test-02', 'keep-test-03'] },
          'ended more than 90 days ago (LOTGRAPH_IMPORT_JOBS_KEEP_DAYS)',
        ],
      ]);

      // Nothing old is left: nothing is deleted, nothing audited.
      expect(await purgeEndedImports(t.stores.duck, { now, keepDays: 90 })).toEqual({ deleted: 0, cutoff });
      expect(await purgeEntries()).toEqual(entries);
      expect(await jobIds()).toEqual(idsBefore.filter((id) => !old.includes(id)));
      expect(await logCounts(t.stores.duck)).toEqual(counts);
      expect(await verifyAudit(t.stores.duck)).toMatchObject({ ok: true });
    },
    LONG,
  );

  it(
    'the scheduler runs it once at start-up with LOTGRAPH_IMPORT_JOBS_KEEP_DAYS; 0 keeps every job',
    async () => {
      expect(readConfig({}).csvImport.keepDays).toBe(90);
      expect(jobsOf(t, readConfig({ LOTGRAPH_IMPORT_JOBS_KEEP_DAYS: '0' })).jobs.map((j) => j.name)).toEqual([
        'escalation',
        'notice escalation',
        'incoming-inspection sweep',
      ]);
      const now = Date.now();
      const ago = (ms: number) => new Date(now - ms).toISOString();
      // 365 days: the jobs the test above kept (90 days old at most) are recent
      await seed([
        { id: 'keep-sched-old', state: 'failed', createdAt: ago(367 * DAY), finishedAt: ago(366 * DAY) },
        {
          id: 'keep-sched-recent',
          state: 'succeeded',
          createdAt: ago(365 * DAY),
          finishedAt: ago(364 * DAY),
        },
      ]);
      const idsBefore = await jobIds();
      const entriesBefore = await purgeEntries();
      const cfg = readConfig({ LOTGRAPH_IMPORT_JOBS_KEEP_DAYS: '365' });
      const all = jobsOf(t, cfg);
      const retention = all.jobs.filter((j) => j.name === 'import-job retention');
      expect(retention.map((j) => [j.schedule, j.atStart])).toEqual([['30 3 * * *', true]]);
      const lines: string[] = [];
      const started = Date.now();
      const scheduler = startScheduler(t, cfg, (l) => lines.push(l), { jobs: retention, close: all.close });
      try {
        await expect.poll(() => lines.length, { timeout: 60_000, interval: 50 }).toBe(1);
      } finally {
        await scheduler.stop();
      }
      const m = /^import-job retention: 1 ended CSV import job deleted \(finished before (\S+)\)$/.exec(
        lines[0]!,
      );
      expect(m, lines[0]).not.toBeNull();
      const cutoff = m![1]!;
      // the job's own clock, 365 days back
      expect(Date.parse(cutoff)).toBeGreaterThanOrEqual(started - 365 * DAY);
      expect(Date.parse(cutoff)).toBeLessThanOrEqual(Date.now() - 365 * DAY);
      expect(await jobIds()).toEqual(idsBefore.filter((id) => id !== 'keep-sched-old'));
      expect((await purgeEntries()).slice(entriesBefore.length).map((e) => [e.actor, e.after])).toEqual([
        ['system', { deleted: 1, cutoff, keepDays: 365, jobs: ['keep-sched-old'] }],
      ]);
      expect(jobStatuses()['import-job retention']).toMatchObject({
        runs: 1,
        failures: 0,
        lastOk: true,
        lastError: null,
      });
    },
    LONG,
  );
});
