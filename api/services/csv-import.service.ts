// A CSV bundle too large for one capture, imported inside a running server (decision 038): the
// upload is streamed to files under the data folder (never held in memory), checked by content
// as it arrives, then imported by the streamed CSV import (decision 030) as a background job that
// holds the capture queue while it has the event log's writer. The job reports its progress; it
// is audited when it starts and ends; its files are removed at the end, or at the next start
// when the server stopped while it ran.
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { appendAudit, recordAudit } from '../../analytics/audit.store.ts';
import type { DuckStore } from '../../analytics/duckdb.ts';
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

export type CsvImportState = 'checking' | 'converting' | 'projecting' | 'succeeded' | 'failed';

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
  /** why it failed: every problem with file, row and column (up to 1,000) */
  error?: { code: ErrorCode; message: string; problems: Problem[] };
}

/** The header that names the body's files and their sizes: `name=bytes, name=bytes`. */
export const FILES_HEADER = 'lotgraph-files';
const MAX_FILES = 64;
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\.csv$/i;
/** finished jobs kept for GET (the audit trail keeps every outcome) */
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

/** The streamed CSV imports of one server: one at a time, each a job. */
export class CsvImports {
  private readonly jobs = new Map<string, CsvImportJob>();
  /** the job receiving or running, if any */
  private busy: { id: string; started: number; job: CsvImportJob | null } | null = null;
  private running: Promise<void> | null = null;

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
    const total = input.files.reduce((n, f) => n + f.bytes, 0);
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
    this.busy = { id, started: Date.now(), job: null };
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
    this.busy.job = job;
    this.remember(job);
    this.running = this.run(job, folder).finally(() => {
      this.busy = null;
      this.running = null;
    });
    return { ...job };
  }

  private remember(job: CsvImportJob): void {
    this.jobs.set(job.id, job);
    for (const [id, j] of this.jobs) {
      if (this.jobs.size <= KEPT) break;
      if (j.state === 'succeeded' || j.state === 'failed') this.jobs.delete(id);
    }
  }

  private async run(job: CsvImportJob, folder: string): Promise<void> {
    // Queued for the writer while the bundle is checked (which needs no writer), so that the
    // answer never waits for a capture or another writer; the import's transaction comes after it.
    const started = recordAudit(this.rt.stores.duck, {
      actor: job.actor,
      action: 'csv.import.start',
      subject: `csv-import:${job.id}`,
      before: null,
      after: { files: job.files, bytes: job.files.reduce((n, f) => n + f.bytes, 0) },
      reason: null,
    }).catch((err: unknown) => console.error(`csv import ${job.id}: could not audit its start`, err));
    const sources: CsvSource[] = job.files.map((f) => ({
      name: f.name,
      size: f.bytes,
      open: () => createReadStream(join(folder, f.name), { highWaterMark: 256 * 1024 }),
    }));
    let report: CsvImportReport | undefined;
    let error: CsvImportJob['error'];
    try {
      report = await importCsvBundle(this.rt.stores, this.rt.projector, sources, {
        source: `upload:${job.id}`,
        actor: job.actor,
        workDir: folder,
        onProgress: (p) => {
          job.progress = p;
          if (job.state === 'checking' && p.phase === 'convert') job.state = 'converting';
        },
        holdWriter: () => {
          job.state = 'converting';
          const release = this.queue.hold(() => this.retryAfter() * 1000);
          return () => {
            release();
            job.state = 'projecting';
          };
        },
      });
    } catch (err) {
      error =
        err instanceof AppError && err.code !== 'INTERNAL'
          ? { code: err.code, message: err.message, problems: err.problems }
          : { code: 'INTERNAL', message: 'the bundle could not be imported (internal error)', problems: [] };
      if (!(err instanceof AppError) || err.code === 'INTERNAL') console.error(err);
    }
    const state = error ? 'failed' : 'succeeded';
    await started;
    await rm(folder, { recursive: true, force: true }).catch((err: unknown) =>
      console.error(`csv import ${job.id}: could not remove ${folder}`, err),
    );
    await recordAudit(this.rt.stores.duck, {
      actor: job.actor,
      action: 'csv.import.finish',
      subject: `csv-import:${job.id}`,
      before: { state: 'running' },
      after: {
        state,
        rows: report?.rows ?? job.progress?.rows ?? 0,
        events: report?.read ?? 0,
        captured: report?.captured ?? 0,
        duplicates: report?.duplicates ?? 0,
        ...(error ? { error: error.code, problems: error.problems.length } : {}),
      },
      reason: error?.message ?? null,
    }).catch((err: unknown) => console.error(`csv import ${job.id}: could not audit its outcome`, err));
    // Shown as ended only now: its files are gone and its outcome is in the audit trail.
    Object.assign(job, { state, finishedAt: new Date().toISOString() }, report ? { report } : { error });
  }

  /** One job; a caller with `actor` set sees only its own. */
  get(id: string, actor: string | null): CsvImportJob {
    const job = this.jobs.get(id);
    if (!job || (actor !== null && job.actor !== actor))
      throw new AppError(
        'NOT_FOUND',
        `no CSV import ${id} (jobs are kept until the server stops; the audit trail keeps every outcome)`,
      );
    return { ...job };
  }

  /** Waits until the running import, if any, has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }
}

/**
 * At start-up: an import the server was running when it stopped stored nothing (one transaction)
 * and left its upload behind; remove it and say so in the audit trail, with the advice to send
 * the bundle again (what was stored is recognised).
 */
export async function endInterruptedImports(db: DuckStore, dir: string): Promise<number> {
  const left = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const folders = left.filter((e) => e.isDirectory());
  if (!folders.length) return 0;
  for (const f of folders) await rm(join(dir, f.name), { recursive: true, force: true });
  await db.transaction(async (tx) => {
    for (const f of folders)
      await appendAudit(tx, {
        actor: 'system',
        action: 'csv.import.finish',
        subject: `csv-import:${f.name}`,
        before: { state: 'running' },
        after: { state: 'failed', error: 'INTERRUPTED' },
        reason:
          'the server stopped while this import ran: send the bundle again (what is stored is recognised)',
      });
  });
  return folders.length;
}
