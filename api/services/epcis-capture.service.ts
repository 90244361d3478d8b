// The capture side of the EPCIS 2.0 REST binding: a submitted document becomes a capture job,
// validated and stored in the background (all or nothing: captureErrorBehaviour "rollback"),
// and the job says running, success, or every problem with where it is (decision 023).
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../../analytics/audit.store.ts';
import {
  createCaptureJob,
  endInterruptedJobs,
  finishCaptureJob,
  getCaptureJob,
  listCaptureJobs,
  type CaptureJobRow,
} from '../../analytics/capture-jobs.store.ts';
import type { DuckStore } from '../../analytics/duckdb.ts';
import { AppError, type Problem } from '../../domain/errors.ts';
import { parseEpcisDocument } from '../../domain/epcis.ts';
import { epcisXmlToJson } from '../../domain/epcis-xml.ts';
import { ingestDocument, type IngestReport } from '../../etl/ingest.ts';
import { xsdProblems } from '../../etl/normalise/epcis-xsd.ts';
import type { Runtime } from '../runtime.ts';
import { refuseDeepJson } from '../validation.ts';

export type CaptureMediaType = 'application/json' | 'application/ld+json' | 'application/xml';

/** At most this many events in one capture (GS1-EPCIS-Capture-Limit); the byte limit is in the route. */
export const CAPTURE_EVENT_LIMIT = 100_000;
export const CAPTURE_BYTE_LIMIT = 64 * 1024 * 1024;

/** An RFC 7807 problem, as the EPCIS 2.0 REST binding reports errors (type epcisException:…). */
export interface EpcisProblem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** where each problem is: JSON pointer or XML line/column, field, reason */
  problems?: Problem[];
}

/** A capture job as the REST binding shows it (EPCISCaptureJob), plus what it stored. */
export interface CaptureJob {
  captureID: string;
  createdAt: string;
  finishedAt?: string;
  running: boolean;
  success: boolean;
  captureErrorBehaviour: 'rollback';
  errors: EpcisProblem[];
  /** EPCIS version of the document ("1.2" for converted 1.2 XML), once read */
  epcisVersion?: string;
  eventsRead?: number;
  captured?: number;
  duplicates?: number;
}

export function jobOf(row: CaptureJobRow): CaptureJob {
  const job: CaptureJob = {
    captureID: row.capture_id,
    createdAt: row.created_at,
    running: row.running,
    success: row.success,
    captureErrorBehaviour: 'rollback',
    errors: JSON.parse(row.errors) as EpcisProblem[],
  };
  if (row.finished_at) job.finishedAt = row.finished_at;
  if (row.epcis_version) job.epcisVersion = row.epcis_version;
  if (row.events_read !== null) job.eventsRead = row.events_read;
  if (row.captured !== null) job.captured = row.captured;
  if (row.duplicates !== null) job.duplicates = row.duplicates;
  return job;
}

const problem = (type: string, title: string, status: number, problems?: Problem[]): EpcisProblem => ({
  type: `epcisException:${type}`,
  title,
  status,
  ...(problems?.length ? { problems } : {}),
});

/** What failed a capture, as the job's error: validation, limits, or the store. */
export function captureProblem(err: unknown): EpcisProblem {
  if (err instanceof AppError) {
    if (err.code === 'INVALID_EPCIS' || err.code === 'INVALID_INPUT')
      return problem('ValidationException', err.message, 400, err.problems);
    if (err.code === 'FORBIDDEN') return problem('SecurityException', err.message, 403, err.problems);
    if (err.code === 'STORE_UNAVAILABLE') return problem('ImplementationException', err.message, 503);
  }
  return problem('ImplementationException', 'the document could not be stored (internal error)', 500);
}

interface Parsed {
  json: unknown;
  version: '2.0' | '1.2';
  /** XML line/column of a JSON pointer of `json` */
  locate?: (pointer: string) => { line: number; column: number } | undefined;
}

async function parseBody(body: Buffer, mediaType: CaptureMediaType): Promise<Parsed> {
  const text = body.toString('utf8');
  if (mediaType === 'application/xml') {
    const r = epcisXmlToJson(text);
    if (!r.ok)
      throw new AppError('INVALID_EPCIS', `the EPCIS XML document has ${r.problems.length} problem(s)`, {
        problems: r.problems,
      });
    // The JSON checks first (their problems name the field, pointer, line and column), then the
    // GS1 schema of the XML binding for what only it can tell (etl/normalise/epcis-xsd.ts).
    const checked = parseEpcisDocument(r.doc.json);
    if (!checked.ok)
      throw new AppError('INVALID_EPCIS', `the EPCIS document has ${checked.problems.length} problem(s)`, {
        problems: checked.problems.map((p) => ({ ...p, ...r.doc.locate(p.pointer ?? '') })),
      });
    const xsd = await xsdProblems(text, r.doc.version);
    if (xsd?.length)
      throw new AppError(
        'INVALID_EPCIS',
        `the EPCIS XML document does not validate against the EPCIS ${r.doc.version} XSD (${xsd.length} problem(s))`,
        { problems: xsd },
      );
    return { json: r.doc.json, version: r.doc.version, locate: (p) => r.doc.locate(p) };
  }
  refuseDeepJson(body);
  try {
    return { json: JSON.parse(text) as unknown, version: '2.0' };
  } catch (err) {
    throw new AppError('INVALID_EPCIS', 'the body is not valid JSON', {
      problems: [{ pointer: '', reason: (err as Error).message }],
    });
  }
}

function eventCount(json: unknown): number {
  const body = (
    json as { epcisBody?: { eventList?: unknown; queryResults?: { resultsBody?: { eventList?: unknown } } } }
  )?.epcisBody;
  const list = body?.eventList ?? body?.queryResults?.resultsBody?.eventList;
  return Array.isArray(list) ? list.length : 0;
}

/** Adds the XML line and column to each problem of a converted XML document. */
function located(err: unknown, parsed: Parsed): unknown {
  if (!(err instanceof AppError) || !parsed.locate) return err;
  const problems = err.problems.map((p) => {
    const at = p.pointer !== undefined ? parsed.locate!(p.pointer) : undefined;
    return at ? { ...p, line: at.line, column: at.column } : p;
  });
  return new AppError(err.code, err.message, { problems, details: err.details });
}

async function runJob(
  rt: Runtime,
  captureId: string,
  body: Buffer,
  mediaType: CaptureMediaType,
  actor: string,
  allowHolds: boolean,
): Promise<void> {
  let version: string | null = null;
  let read: number | null = null;
  let report: IngestReport | null = null;
  let failure: EpcisProblem | null = null;
  try {
    const parsed = await parseBody(body, mediaType);
    version = parsed.version;
    read = eventCount(parsed.json);
    if (read > CAPTURE_EVENT_LIMIT)
      failure = problem(
        'CaptureLimitExceededException',
        `the document has ${read} events; at most ${CAPTURE_EVENT_LIMIT} per capture`,
        413,
      );
    else
      try {
        report = await ingestDocument(rt.stores, rt.projector, parsed.json, {
          source: `epcis:${captureId}`,
          actor,
          allowHolds,
        });
      } catch (err) {
        throw located(err, parsed);
      }
  } catch (err) {
    failure = captureProblem(err);
    if (failure.status >= 500) console.error(err);
  }
  await rt.stores.duck.transaction(async (tx) => {
    const finishedAt = new Date().toISOString();
    await finishCaptureJob(tx, {
      capture_id: captureId,
      finished_at: finishedAt,
      success: failure === null,
      epcis_version: version,
      events_read: report?.read ?? read,
      captured: report ? report.captured.length : null,
      duplicates: report ? report.duplicates.length : null,
      errors: JSON.stringify(failure ? [failure] : []),
    });
    await appendAudit(tx, {
      actor,
      action: 'epcis.capture.finish',
      subject: `capture:${captureId}`,
      before: { running: true },
      after: {
        running: false,
        success: failure === null,
        captured: report?.captured.length ?? 0,
        duplicates: report?.duplicates.length ?? 0,
        ...(failure ? { error: failure.type, problems: failure.problems?.length ?? 0 } : {}),
      },
      reason: null,
    });
  });
}

/** Jobs running in this process, so that tests and shutdown can wait for them. */
const inFlight = new Set<Promise<void>>();

/** Waits until every capture job this process started has finished. */
export async function captureJobsSettled(): Promise<void> {
  while (inFlight.size) await Promise.allSettled([...inFlight]);
}

/**
 * Records a submitted document as a running capture job and starts storing it in the
 * background; the job's id comes back at once.
 */
export async function submitCapture(
  rt: Runtime,
  input: {
    body: Buffer;
    mediaType: CaptureMediaType;
    actor: string;
    allowHolds: boolean;
    /** called once the job has finished (or could not be recorded) */
    onFinished?: () => void;
  },
): Promise<CaptureJob> {
  const captureId = randomUUID();
  const createdAt = new Date().toISOString();
  await rt.stores.duck.transaction(async (tx) => {
    await createCaptureJob(tx, {
      capture_id: captureId,
      created_at: createdAt,
      error_behaviour: 'rollback',
      actor: input.actor,
      media_type: input.mediaType,
      bytes: input.body.length,
    });
    await appendAudit(tx, {
      actor: input.actor,
      action: 'epcis.capture.start',
      subject: `capture:${captureId}`,
      before: null,
      after: { running: true, mediaType: input.mediaType, bytes: input.body.length },
      reason: null,
    });
  });
  const job = runJob(rt, captureId, input.body, input.mediaType, input.actor, input.allowHolds)
    .catch((err: unknown) => console.error(`capture job ${captureId} could not record its outcome`, err))
    .finally(() => input.onFinished?.());
  inFlight.add(job);
  void job.finally(() => inFlight.delete(job));
  return {
    captureID: captureId,
    createdAt,
    running: true,
    success: false,
    captureErrorBehaviour: 'rollback',
    errors: [],
  };
}

/** One capture job; a caller without `everyone` sees only its own. */
export async function captureJob(
  db: DuckStore,
  captureId: string,
  actor: string | null,
): Promise<CaptureJob> {
  const row = await getCaptureJob(db, captureId);
  if (!row || (actor !== null && row.actor !== actor))
    throw new AppError('NOT_FOUND', `no capture job ${captureId}`, {
      details: { epcisException: 'NoSuchResourceException' },
    });
  return jobOf(row);
}

/** Capture jobs, newest first, one page; `actor` null lists everyone's. */
export async function captureJobs(
  db: DuckStore,
  actor: string | null,
  page: { before: { createdAt: string; captureId: string } | null; limit: number },
): Promise<CaptureJob[]> {
  const rows = await listCaptureJobs(db, {
    actor,
    before_created: page.before?.createdAt ?? null,
    before_id: page.before?.captureId ?? null,
    limit: page.limit,
  });
  return rows.map(jobOf);
}

/**
 * At start-up: a job a stopped server left running is ended as failed. Its document was stored
 * whole or not at all (one transaction); sending it again is safe, since events already stored
 * are recognised by their eventID or event hash and counted as duplicates.
 */
export async function endInterruptedCaptures(db: DuckStore): Promise<number> {
  const error = problem(
    'ImplementationException',
    'the server stopped while this capture was running: send the document again (events already stored are recognised and not stored twice)',
    503,
  );
  return db.transaction(async (tx) => {
    const ended = await endInterruptedJobs(tx, {
      finished_at: new Date().toISOString(),
      errors: JSON.stringify([error]),
    });
    for (const { capture_id } of ended)
      await appendAudit(tx, {
        actor: 'system',
        action: 'epcis.capture.finish',
        subject: `capture:${capture_id}`,
        before: { running: true },
        after: { running: false, success: false, error: error.type },
        reason: 'interrupted by a server stop',
      });
    return ended.length;
  });
}
