// A CSV bundle too large for one capture, imported inside a running server (decision 038): the
// upload is streamed to files under the data folder (never held in memory), checked by content
// as it arrives, then imported by the streamed CSV import (decision 030) as a background job that
// holds the capture queue while it has the event log's writer. The job reports its progress and
// is stored in DuckDB, so that it outlives the server (decision 040); it can be cancelled until
// its transaction commits; it is audited when it starts and ends; its files are removed at the
// end, or at the next start when the server stopped while it ran.
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { appendAudit } from '../../analytics/audit.store.ts';
import type { DuckStore, DuckTx } from '../../analytics/duckdb.ts';
import {
  createCsvImportJob,
  endInterruptedCsvImports,
  finishCsvImportJob,
  getCsvImportJob,
  purgeEndedCsvImportJobs,
  updateCsvImportJob,
  type CSV_IMPORT_STATES,
  type CsvImportJobRow,
} from '../../analytics/import-jobs.store.ts';
import type { AuditFacts } from '../../domain/audit.ts';
import { AppError, type ErrorCode, type Problem } from '../../domain/errors.ts';
import { importCsvBundle, type CsvImportProgress, type CsvImportReport } from '../../etl/csv/csv.import.ts';
import type { CsvSource } from '../../etl/csv/csv.stream.ts';
import type { Runtime } from '../runtime.ts';
import type { CaptureQueue } from './capture-queue.service.ts';

export interface CsvImportLimits {
  /** where uploads are written while they are imported (one folder per job) */
  dir: string;
  /** the largest bundle accepted, in bytes */
  maxBytes: number;
}

/** The files of a bundle as the upload announces them, in the order of the body. */
export interface BundleFile {
  name: string;
  bytes: number;
}

/** checking, converting, projecting (running); succeeded, failed, cancelled (ended) */
export type CsvImportState = (typeof CSV_IMPORT_STATES)[number];

export interface CsvImportJob {
  id: string;
  actor: string;
  createdAt: string;
  finishedAt?: string;
  state: CsvImportState;
  files: BundleFile[];
  /** rows and MB read, events converted and stored (visible when the import ends) */
  progress: CsvImportProgress | null;
  /** what was stored, once succeeded */
  report?: CsvImportReport;
  /**
   * why it failed: every problem with file, row and column (up to 1,000); INTERRUPTED when the
   * server stopped while it ran, CANCELLED when someone cancelled it
   */
  error?: { code: ErrorCode | 'INTERRUPTED' | 'CANCELLED'; message: string; problems: Problem[] };
  /** what the start-up after a server stop found (a job that had committed before the stop) */
  note?: string;
}

/** The header that names the body's files and their sizes: `name=bytes, name=bytes`. */
export const FILES_HEADER = 'lotgraph-files';
const MAX_FILES = 64;
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\.csv$/i;
/** ended jobs kept in memory at most, when their outcome could not be stored */
const KEPT = 100;

/** Parses the files header: plain `*.csv` names, once each, with their sizes in bytes. */
export function parseFilesHeader(value: string | undefined): BundleFile[] {
  const bad = (reason: string) =>
    new AppError('INVALID_INPUT', `the ${FILES_HEADER} header ${reason}`, {
      problems: [{ field: FILES_HEADER, reason }],
    });
  if (!value?.trim()) throw bad('is missing: name the body\'s files and sizes as "name.csv=bytes, …"');
  const files = value.split(',').map((part) => {
    const m = /^\s*([^=\s]+)\s*=\s*(\d{1,15})\s*$/.exec(part);
    if (!m) throw bad(`has "${part.trim().slice(0, 100)}": each entry is name.csv=bytes`);
    let name: string;
    try {
      name = decodeURIComponent(m[1]!);
    } catch {
      throw bad(`has a badly escaped name "${m[1]!.slice(0, 100)}"`);
    }
    if (!FILE_NAME.test(name))
      throw bad(`names "${name.slice(0, 100)}": a file name ending in .csv, no folders`);
    return { name, bytes: Number(m[2]) };
  });
  if (files.length > MAX_FILES) throw bad(`names ${files.length} files; at most ${MAX_FILES}`);
  const names = new Set(files.map((f) => f.name.toLowerCase()));
  if (names.size !== files.length) throw bad('names a file twice');
  return files;
}

/** Checks a file's bytes as they arrive: CSV is UTF-8 text, neither JSON, XML nor binary. */
class ContentCheck {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private seen = 0;
  private head = '';

  constructor(private readonly file: string) {}

  private refuse(reason: string): never {
    throw new AppError('INVALID_INPUT', `${this.file}: not a CSV file (${reason}); nothing was imported`, {
      problems: [{ file: this.file, reason }],
    });
  }

  push(chunk: Buffer, last: boolean): void {
    if (chunk.includes(0)) this.refuse(`holds a NUL byte near byte ${this.seen + chunk.indexOf(0) + 1}`);
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: !last });
    } catch {
      this.refuse(`is not UTF-8 text (near byte ${this.seen + 1})`);
    }
    this.seen += chunk.length;
    if (this.head.length < 64) {
      this.head += text;
      const start = this.head.replace(/^\uFEFF/, '').trimStart();
      if (start && /^[{[<]/.test(start))
        this.refuse(
          `starts like ${start.startsWith('<') ? 'XML' : 'JSON'}; send EPCIS documents to a capture`,
        );
    }
  }
}

/** A file of the upload being written; a write error is kept and thrown at the next step. */
class UploadFile {
  private readonly out: WriteStream;
  private failure: NodeJS.ErrnoException | null = null;

  constructor(path: string) {
    this.out = createWriteStream(path, { flags: 'wx' });
    this.out.on('error', (err) => (this.failure ??= err));
  }

  private failed(): void {
    const err = this.failure;
    if (!err) return;
    throw err.code === 'ENOSPC'
      ? new AppError(
          'STORE_UNAVAILABLE',
          "the data folder's disk is full: the bundle was not kept; nothing was imported",
          { cause: err },
        )
      : err;
  }

  /** Writes, waiting while the buffer is full (the upload never piles up in memory). */
  async write(chunk: Buffer): Promise<void> {
    this.failed();
    // once() also rejects on 'error', which a failing stream emits instead of 'drain'
    if (!this.out.write(chunk)) await once(this.out, 'drain').catch(() => undefined);
    this.failed();
  }

  async close(): Promise<void> {
    if (!this.out.closed) {
      const closed = once(this.out, 'close');
      this.out.end();
      await closed;
    }
    this.failed();
  }
}

/**
 * Streams the body into one file per announced file (split by their sizes), checking each by
 * content. Throws, leaving the folder to the caller to remove, when the body is shorter or longer
 * than announced or a file is not CSV.
 */
async function receiveFiles(body: Readable, folder: string, files: BundleFile[]): Promise<void> {
  let i = -1;
  let left = 0;
  let out: UploadFile | null = null;
  let check: ContentCheck | null = null;
  const next = async () => {
    const done = out;
    out = null;
    await done?.close();
    while (++i < files.length) {
      const f = files[i]!;
      const file = new UploadFile(join(folder, f.name));
      check = new ContentCheck(f.name);
      left = f.bytes;
      if (left > 0) {
        out = file;
        return;
      }
      check.push(Buffer.alloc(0), true);
      await file.close();
    }
  };
  try {
    await next();
    for await (const data of body) {
      let chunk = data as Buffer;
      while (chunk.length) {
        if (!out)
          throw new AppError(
            'INVALID_INPUT',
            'the body is longer than the files the header names; nothing was imported',
            {
              problems: [{ field: FILES_HEADER, reason: 'the sizes add up to less than the body' }],
            },
          );
        const part = chunk.subarray(0, left);
        chunk = chunk.subarray(part.length);
        left -= part.length;
        check!.push(part, left === 0);
        await (out as UploadFile).write(part);
        if (left === 0) await next();
      }
    }
    if (out)
      throw new AppError('INVALID_INPUT', `the body ended inside ${files[i]!.name}; nothing was imported`, {
        problems: [{ file: files[i]!.name, reason: `${left} bytes missing` }],
      });
  } finally {
    if (out) await (out as UploadFile).close().catch(() => undefined);
  }
}

/** The running import: its job once the upload is on disk, how to stop it, how far it is. */
interface Running {
  started: number;
  job: CsvImportJob | null;
  row: JobRow | null;
  abort: AbortController;
  /** who cancelled it, once someone has */
  cancelledBy: string | null;
  /** every batch is in: it commits and can no longer be cancelled */
  committing: boolean;
  /** resolves when the job has ended (its outcome stored) */
  ended: Promise<void> | null;
}

/**
 * A job's row in DuckDB (decision 040): written when the job is created (with its audited
 * start), at each state change, with its progress at most once a second, and at its end. Writes
 * queue on the one writer in the order they are made. None is made while the import's own
 * transaction holds the writer (it would wait for that transaction's end): the job runs in this
 * process then, and its progress is read from memory.
 */
class JobRow {
  private lastProgress = 0;
  private progressPending = false;
  /** the import's transaction has the writer */
  writerHeld = false;

  constructor(
    private readonly db: DuckStore,
    private readonly job: CsvImportJob,
  ) {}

  private write(what: string, fn: (tx: DuckTx) => Promise<unknown>): Promise<void> {
    return this.db.transaction(fn).then(
      () => undefined,
      (err: unknown) => console.error(`csv import ${this.job.id}: could not store its ${what}`, err),
    );
  }

  created(): void {
    const { job } = this;
    void this.write('start', async (tx) => {
      await createCsvImportJob(tx, {
        job_id: job.id,
        created_at: job.createdAt,
        actor: job.actor,
        files: JSON.stringify(job.files),
        bytes: bundleBytes(job.files),
      });
      await appendAudit(tx, {
        actor: job.actor,
        action: 'csv.import.start',
        subject: `csv-import:${job.id}`,
        before: null,
        after: { files: job.files, bytes: bundleBytes(job.files) },
        reason: null,
      });
    });
  }

  /** The state and progress as they are now (or as `at` says), in `at.tx` or a transaction of their own. */
  update(at: { state?: 'projecting'; tx?: DuckTx; report?: CsvImportReport } = {}): Promise<void> {
    const { job } = this;
    const fn = (t: DuckTx) =>
      updateCsvImportJob(t, {
        job_id: job.id,
        updated_at: new Date().toISOString(),
        state: at.state ?? (job.state as 'checking' | 'converting' | 'projecting'),
        ...progressColumns(job.progress),
        report: at.report ? JSON.stringify(at.report) : null,
      });
    return at.tx ? fn(at.tx).then(() => undefined) : this.write('state', fn);
  }

  progress(): void {
    const now = Date.now();
    if (this.writerHeld || this.progressPending || now - this.lastProgress < 1000) return;
    this.lastProgress = now;
    this.progressPending = true;
    void this.update().finally(() => (this.progressPending = false));
  }

  /** The outcome with its audit entry; false when it could not be stored. */
  async finish(
    end: Pick<CsvImportJob, 'state' | 'finishedAt' | 'report' | 'error'>,
    audit: Pick<AuditFacts, 'actor' | 'after' | 'reason'>,
  ): Promise<boolean> {
    const { job } = this;
    return this.db
      .transaction(async (tx) => {
        const ended = await finishCsvImportJob(tx, {
          job_id: job.id,
          finished_at: end.finishedAt!,
          state: end.state as 'succeeded' | 'failed' | 'cancelled',
          ...progressColumns(job.progress),
          report: end.report ? JSON.stringify(end.report) : null,
          error: end.error ? JSON.stringify(end.error) : null,
        });
        await appendAudit(tx, {
          ...audit,
          action: 'csv.import.finish',
          subject: `csv-import:${job.id}`,
          before: { state: 'running' },
        });
        return ended.length === 1;
      })
      .catch((err: unknown) => {
        console.error(`csv import ${job.id}: could not store its outcome`, err);
        return false;
      });
  }
}

const bundleBytes = (files: BundleFile[]) => files.reduce((n, f) => n + f.bytes, 0);

function progressColumns(p: CsvImportProgress | null) {
  return {
    phase: p?.phase ?? null,
    rows_read: p?.rows ?? null,
    bytes_read: p?.bytes ?? null,
    bytes_total: p?.totalBytes ?? null,
    events: p?.events ?? null,
    stored: p?.stored ?? null,
  };
}

/** A stored job as the API shows it. */
function jobOf(r: CsvImportJobRow): CsvImportJob {
  return {
    id: r.job_id,
    actor: r.actor,
    createdAt: r.created_at,
    ...(r.finished_at ? { finishedAt: r.finished_at } : {}),
    state: r.state,
    files: JSON.parse(r.files) as BundleFile[],
    progress:
      r.phase === 'check' || r.phase === 'convert'
        ? {
            phase: r.phase,
            rows: r.rows_read ?? 0,
            bytes: r.bytes_read ?? 0,
            totalBytes: r.bytes_total ?? 0,
            events: r.events ?? 0,
            stored: r.stored ?? 0,
          }
        : null,
    ...(r.report ? { report: JSON.parse(r.report) as CsvImportReport } : {}),
    ...(r.error ? { error: JSON.parse(r.error) as NonNullable<CsvImportJob['error']> } : {}),
    ...(r.note ? { note: r.note } : {}),
  };
}

const notFound = (id: string) =>
  new AppError('NOT_FOUND', `no CSV import ${id} (or not one of yours: a capturer sees only its own)`);

/** The streamed CSV imports of one server: one at a time, each a job stored in DuckDB. */
export class CsvImports {
  /** the running job, and ended ones whose outcome could not be stored (GET answers from here first) */
  private readonly jobs = new Map<string, CsvImportJob>();
  /** the job receiving or running, if any */
  private busy: Running | null = null;

  constructor(
    private readonly rt: Runtime,
    private readonly queue: CaptureQueue,
    readonly limits: CsvImportLimits,
  ) {}

  /** Seconds until the running import is expected to have finished, 1 to 60, for Retry-After. */
  private retryAfter(): number {
    const p = this.busy?.job?.progress;
    const elapsed = Date.now() - (this.busy?.started ?? Date.now());
    // Checking reads the bundle once, converting reads the partitions once: about half each.
    const done = p ? (p.phase === 'check' ? 0 : 0.5) + (0.5 * p.bytes) / Math.max(1, p.totalBytes) : 0;
    const ms = done > 0.05 ? (elapsed * (1 - done)) / done : 10_000;
    return Math.min(60, Math.max(1, Math.ceil(ms / 1000)));
  }

  /**
   * Receives a bundle announced by `files` (sizes adding up to `contentLength`) from `body`,
   * and starts importing it. Refused before a byte is read when another import runs (429), the
   * bundle is larger than the limit (413) or the announcement is wrong (400).
   */
  async submit(input: {
    body: Readable;
    files: BundleFile[];
    contentLength: number | null;
    actor: string;
  }): Promise<CsvImportJob> {
    const total = bundleBytes(input.files);
    if (input.contentLength === null)
      throw new AppError(
        'INVALID_INPUT',
        'send the bundle with a Content-Length (the sum of the file sizes)',
        {
          details: { httpStatus: 411 },
        },
      );
    if (input.contentLength !== total)
      throw new AppError(
        'INVALID_INPUT',
        `the ${FILES_HEADER} header names ${total} bytes, the body has ${input.contentLength}; nothing was imported`,
        {
          problems: [
            { field: FILES_HEADER, reason: `the sizes add up to ${total}, not ${input.contentLength}` },
          ],
        },
      );
    if (total > this.limits.maxBytes)
      throw new AppError(
        'INVALID_INPUT',
        `the bundle has ${total} bytes; at most ${this.limits.maxBytes} (LOTGRAPH_IMPORT_MAX_MB) are accepted`,
        { details: { httpStatus: 413 } },
      );
    if (this.busy) {
      const seconds = this.retryAfter();
      throw new AppError(
        'RATE_LIMITED',
        `another CSV import is running: send the bundle again in ${seconds} s; nothing was imported`,
        { details: { retryAfter: seconds } },
      );
    }
    const id = randomUUID();
    const running: Running = {
      started: Date.now(),
      job: null,
      row: null,
      abort: new AbortController(),
      cancelledBy: null,
      committing: false,
      ended: null,
    };
    this.busy = running;
    const folder = join(this.limits.dir, id);
    try {
      await mkdir(folder, { recursive: true });
      await receiveFiles(input.body, folder, input.files);
    } catch (err) {
      this.busy = null;
      await rm(folder, { recursive: true, force: true });
      throw err;
    }
    const job: CsvImportJob = {
      id,
      actor: input.actor,
      createdAt: new Date().toISOString(),
      state: 'checking',
      files: input.files,
      progress: null,
    };
    running.job = job;
    running.row = new JobRow(this.rt.stores.duck, job);
    this.jobs.set(id, job);
    // Queued for the writer, not waited for: the answer never waits for a capture or another
    // writer (the import's own transaction comes after it).
    running.row.created();
    running.ended = this.run(running, job, folder).finally(() => {
      this.busy = null;
    });
    return { ...job };
  }

  private async run(running: Running, job: CsvImportJob, folder: string): Promise<void> {
    const row = running.row!;
    const sources: CsvSource[] = job.files.map((f) => ({
      name: f.name,
      size: f.bytes,
      open: () => createReadStream(join(folder, f.name), { highWaterMark: 256 * 1024 }),
    }));
    let report: CsvImportReport | undefined;
    let error: CsvImportJob['error'];
    let cancelled = false;
    try {
      report = await importCsvBundle(this.rt.stores, this.rt.projector, sources, {
        source: `upload:${job.id}`,
        actor: job.actor,
        workDir: folder,
        signal: running.abort.signal,
        onProgress: (p) => {
          job.progress = p;
          if (job.state === 'checking' && p.phase === 'convert') job.state = 'converting';
          row.progress();
        },
        holdWriter: () => {
          job.state = 'converting';
          // queued before the import's transaction, so written before it takes the writer
          void row.update();
          row.writerHeld = true;
          const release = this.queue.hold(() => this.retryAfter() * 1000);
          return (committed) => {
            release();
            row.writerHeld = false;
            if (committed) job.state = 'projecting';
          };
        },
        onCommit: async (tx, r) => {
          // From here on a cancellation is too late; the job is stored as projecting together
          // with the events, so a start-up after a stop knows they were committed.
          running.committing = true;
          await row.update({ state: 'projecting', tx, report: r });
        },
      });
    } catch (err) {
      if (running.cancelledBy !== null && err === running.abort.signal.reason) {
        cancelled = true;
        error = {
          code: 'CANCELLED',
          message: `cancelled by ${running.cancelledBy} before it committed: nothing of it was stored`,
          problems: [],
        };
      } else if (err instanceof AppError && err.code !== 'INTERNAL')
        error = { code: err.code, message: err.message, problems: err.problems };
      else {
        error = {
          code: 'INTERNAL',
          message: 'the bundle could not be imported (internal error)',
          problems: [],
        };
        console.error(err);
      }
    }
    const state = cancelled ? 'cancelled' : error ? 'failed' : 'succeeded';
    // Events appended in a transaction that rolled back were not stored: the progress says so.
    if (!report && job.progress) job.progress = { ...job.progress, stored: 0 };
    await rm(folder, { recursive: true, force: true }).catch((err: unknown) =>
      console.error(`csv import ${job.id}: could not remove ${folder}`, err),
    );
    const end = {
      state,
      finishedAt: new Date().toISOString(),
      ...(report ? { report } : { error }),
    } as const;
    const saved = await row.finish(end, {
      actor: job.actor,
      after: {
        state,
        rows: report?.rows ?? job.progress?.rows ?? 0,
        events: report?.read ?? 0,
        captured: report?.captured ?? 0,
        duplicates: report?.duplicates ?? 0,
        ...(error ? { error: error.code, problems: error.problems.length } : {}),
        ...(cancelled ? { cancelledBy: running.cancelledBy } : {}),
      },
      reason: error?.message ?? null,
    });
    // Shown as ended only now: its files are gone and its outcome is stored and audited.
    Object.assign(job, end);
    if (saved) this.jobs.delete(job.id);
    else
      for (const [id, j] of this.jobs) {
        // kept in memory so that GET still answers (the audit trail may lack it too)
        if (this.jobs.size <= KEPT) break;
        if (id !== job.id && j.finishedAt) this.jobs.delete(id);
      }
  }

  /** One job: the running one from memory, any other from the store; `actor` set sees only its own. */
  async get(id: string, actor: string | null): Promise<CsvImportJob> {
    const kept = this.jobs.get(id);
    const row = kept ? null : await getCsvImportJob(this.rt.stores.duck, id);
    const job = kept ? { ...kept } : row ? jobOf(row) : null;
    if (!job || (actor !== null && job.actor !== actor)) throw notFound(id);
    return job;
  }

  /**
   * Cancels the running job `id` (decision 040): its own user or an admin may. Answers once it
   * has stopped and rolled back, with the job as it ended (cancelled). A job that has ended, or
   * whose events are being committed or are committed, cannot be cancelled (409).
   */
  async cancel(id: string, who: { actor: string; seesAll: boolean; admin: boolean }): Promise<CsvImportJob> {
    const running = this.busy?.job?.id === id ? this.busy : null;
    const job = running ? running.job! : await this.get(id, who.seesAll ? null : who.actor);
    if (!who.seesAll && job.actor !== who.actor) throw notFound(id);
    if (!who.admin && job.actor !== who.actor)
      throw new AppError(
        'FORBIDDEN',
        `CSV import ${id} is ${job.actor}'s: only they or an admin may cancel it`,
      );
    if (!running)
      throw new AppError(
        'CONFLICT',
        `CSV import ${id} has already ended (${job.state}): there is nothing to cancel`,
        {
          details: { state: job.state },
        },
      );
    if (running.cancelledBy === null) {
      if (running.committing || job.state === 'projecting')
        throw new AppError(
          'CONFLICT',
          `CSV import ${id} is too far to be cancelled: every batch is in and its transaction ${
            job.state === 'projecting' ? 'has committed (the graph is following)' : 'is committing'
          }; it will be stored whole`,
          { details: { state: job.state } },
        );
      running.cancelledBy = who.actor;
      running.abort.abort(new AppError('CONFLICT', `CSV import ${id} cancelled by ${who.actor}`));
    }
    await running.ended;
    const ended = await this.get(id, null);
    if (ended.state !== 'cancelled')
      throw new AppError('CONFLICT', `CSV import ${id} ended (${ended.state}) before it could be cancelled`, {
        details: { state: ended.state },
      });
    return ended;
  }

  /** Waits until the running import, if any, has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.busy?.ended) await this.busy.ended.catch(() => undefined);
  }
}

const INTERRUPTED =
  'the server stopped during this import, before its transaction committed: nothing of it was stored; send the bundle again';
const COMMITTED_BEFORE_STOP =
  'the server stopped while the graph was following this import: its events had been committed to the event log (the report counts them); the graph follows them from the log from the next start on, as after every stop';

/**
 * At start-up (decision 040): a job the stopped server left running is ended. Its events were
 * written in one transaction, and it is stored as `projecting` in that same transaction: a job
 * stored as `projecting` had committed (succeeded; the graph catches up from the log at start-up,
 * before this runs), any other stored nothing (failed, INTERRUPTED). Upload folders left behind
 * are removed; one without a stored job (a stop while its upload was received, or before its row
 * was written) is audited as an interrupted import, as every ended job is.
 */
export async function endInterruptedImports(db: DuckStore, dir: string): Promise<number> {
  const left = (await readdir(dir, { withFileTypes: true }).catch(() => []))
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  const unknown: string[] = [];
  for (const name of left) if (!(await getCsvImportJob(db, name))) unknown.push(name);
  const ended = await db.transaction(async (tx) => {
    const rows = await endInterruptedCsvImports(tx, {
      finished_at: new Date().toISOString(),
      error: JSON.stringify({ code: 'INTERRUPTED', message: INTERRUPTED, problems: [] }),
      note: COMMITTED_BEFORE_STOP,
    });
    for (const r of rows) {
      const report = r.report ? (JSON.parse(r.report) as CsvImportReport) : null;
      await appendAudit(tx, {
        actor: 'system',
        action: 'csv.import.finish',
        subject: `csv-import:${r.job_id}`,
        before: { state: 'running' },
        after:
          r.state === 'succeeded' && report
            ? {
                state: 'succeeded',
                rows: report.rows,
                events: report.read,
                captured: report.captured,
                duplicates: report.duplicates,
                graph: 'pending',
              }
            : {
                state: 'failed',
                rows: r.rows_read ?? 0,
                events: 0,
                captured: 0,
                duplicates: 0,
                error: 'INTERRUPTED',
              },
        reason: r.state === 'succeeded' ? COMMITTED_BEFORE_STOP : INTERRUPTED,
      });
    }
    for (const name of unknown)
      await appendAudit(tx, {
        actor: 'system',
        action: 'csv.import.finish',
        subject: `csv-import:${name}`,
        before: { state: 'running' },
        after: { state: 'failed', error: 'INTERRUPTED' },
        reason: INTERRUPTED,
      });
    return rows;
  });
  for (const name of new Set([...left, ...ended.map((r) => r.job_id)]))
    await rm(join(dir, name), { recursive: true, force: true });
  return ended.length + unknown.length;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Retention of import jobs (decision 044): deletes the jobs that ended (succeeded, failed or
 * cancelled) more than `keepDays` days before `now`, never a running one, and audits how many
 * with the cutoff in the same transaction; nothing is audited when none was old enough. The audit
 * trail keeps every job's start and end.
 */
export async function purgeEndedImports(
  db: DuckStore,
  opts: { now: Date; keepDays: number },
): Promise<{ deleted: number; cutoff: string }> {
  // 0 keeps every job: the scheduler does not run this then
  if (!Number.isInteger(opts.keepDays) || opts.keepDays < 1)
    throw new Error(`keepDays must be a whole number of days, 1 or more (was ${opts.keepDays})`);
  const cutoff = new Date(opts.now.getTime() - opts.keepDays * DAY_MS).toISOString();
  const deleted = await db.transaction(async (tx) => {
    const rows = await purgeEndedCsvImportJobs(tx, { cutoff });
    if (rows.length > 0)
      await appendAudit(tx, {
        actor: 'system',
        action: 'csv.import.jobs.purge',
        subject: 'csv-import-jobs',
        before: null,
        // which jobs went, so the trail still names each one (their start and end entries stay)
        after: {
          deleted: rows.length,
          cutoff,
          keepDays: opts.keepDays,
          jobs: rows.map((r) => r.job_id).sort(),
        },
        reason: `ended more than ${opts.keepDays} days ago (LOTGRAPH_IMPORT_JOBS_KEEP_DAYS)`,
      });
    return rows.length;
  });
  return { deleted, cutoff };
}
