// A large CSV bundle imported in bounded memory (decision 030): checked in streams first
// (csv.stream.ts), then converted partition by partition and appended in batches inside ONE
// DuckDB transaction, so no reader sees any of it before the last batch is in, a problem found
// while converting rolls every batch back, and a crash leaves nothing (DuckDB writes uncommitted
// appends to its file as they grow, so the transaction does not have to fit in memory). The
// graph follows from the log after the commit, page by page, as for every capture.
import { appendAudit } from '../../analytics/audit.store.ts';
import type { DuckTx } from '../../analytics/duckdb.ts';
import { lastSeq } from '../../analytics/event-log.store.ts';
import { foodTraceabilityList } from '../../analytics/fsma.ts';
import { parseEpcisDocument } from '../../domain/epcis.ts';
import { AppError } from '../../domain/errors.ts';
import { EPCIS_CONTEXT } from '../../domain/trace-event.ts';
import { appendEntriesIn, logEntriesOf, type NewEntry } from '../event-log.ts';
import { faultPoint } from '../fault-point.ts';
import type { GraphProjector, Stores } from '../ingest.ts';
import { checkCsvBundleStream, type CsvBatch, type CsvSource, type StreamProgress } from './csv.stream.ts';

export interface CsvImportProgress extends StreamProgress {
  /** events newly stored (inside the open transaction until the import ends) */
  stored: number;
}

export interface CsvImportReport {
  /** data rows read */
  rows: number;
  /** events the bundle holds */
  read: number;
  captured: number;
  duplicates: number;
  masterData: { captured: number; duplicates: number };
  graph: 'projected' | 'pending';
}

/**
 * Imports a CSV bundle of any size: all or nothing, every problem reported (up to
 * `maxProblems`) with file, row and column, events identified by their business keys so that
 * importing again adds nothing twice.
 */
export async function importCsvBundle(
  stores: Stores,
  projector: GraphProjector,
  sources: CsvSource[],
  opts: {
    /** where it came from, e.g. file:<folder> */
    source: string;
    actor: string;
    /** a folder for the partition files (removed at the end) */
    workDir: string;
    onProgress?: (p: CsvImportProgress) => void;
    /** graph progress, as ingestDocument reports it */
    onGraphProgress?: (msg: string) => void;
    partitionBytes?: number;
    batchSize?: number;
    maxProblems?: number;
    /** memory the per-key state may keep before moving to disk (default 64 MB; decision 037) */
    keyMemoryBytes?: number;
    /** false: leave the graph to a later catch-up */
    project?: boolean;
    /**
     * Called just before the DuckDB transaction opens (after the bundle has been checked); the
     * function it returns is called once the transaction has ended, saying whether it committed.
     * A server uses it to hold its capture queue while the writer is taken (decision 038).
     */
    holdWriter?: () => (committed: boolean) => void;
    /**
     * Stops the import when aborted, throwing its reason, before anything is committed: looked at
     * between rows of the check, between partitions and batches of the conversion, and once more
     * when every batch is in. The transaction rolls back; nothing is stored (decision 040).
     */
    signal?: AbortSignal;
    /**
     * Called inside the transaction once every batch is in and the signal was looked at for the
     * last time (the import can no longer be stopped), with the report so far (graph pending):
     * what it writes commits with the events, or not at all (decision 040).
     */
    onCommit?: (tx: DuckTx, report: CsvImportReport) => Promise<void>;
  },
): Promise<CsvImportReport> {
  const { duck } = stores;
  let stored = 0;
  let last: StreamProgress | undefined;
  const onProgress = (p: StreamProgress) => {
    last = p;
    opts.onProgress?.({ ...p, stored });
  };
  const { signal } = opts;
  const checked = await checkCsvBundleStream(sources, {
    workDir: opts.workDir,
    onProgress,
    ...(signal ? { signal } : {}),
    ...(opts.partitionBytes ? { partitionBytes: opts.partitionBytes } : {}),
    ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
    ...(opts.maxProblems ? { maxProblems: opts.maxProblems } : {}),
    ...(opts.keyMemoryBytes !== undefined ? { keyMemoryBytes: opts.keyMemoryBytes } : {}),
  });
  if (!checked.ok) throw refused(checked.problems, checked.more);
  if (checked.listsFoods || (await foodTraceabilityList(duck)).size)
    // The FSMA 204 key-data-element check reads a document whole (which objects it names first,
    // what it made earlier); it is not done batch by batch.
    throw new AppError(
      'INVALID_INPUT',
      'foods on the Food Traceability List are listed (in this bundle or in the stored master data): a bundle imported in streams cannot be checked for FSMA 204 key data elements; import it in parts under the streaming size instead',
    );

  const report: CsvImportReport = {
    rows: checked.read,
    read: 0,
    captured: 0,
    duplicates: 0,
    masterData: { captured: 0, duplicates: 0 },
    graph: 'pending',
  };
  signal?.throwIfAborted();
  const release = opts.holdWriter?.();
  const writing = duck.transaction(async (tx) => {
    // the writer may have been waited for
    signal?.throwIfAborted();
    const before = await lastSeq(tx);
    let seq = before;
    const converted = await checked.convert(async (batch: CsvBatch) => {
      const entries = entriesOf(batch);
      const r = await appendEntriesIn(tx, entries, opts.source);
      const md = r.masterData;
      report.read += batch.events.length;
      report.captured += r.appended.length - md;
      report.duplicates += batch.events.length - (r.appended.length - md);
      report.masterData.captured += md;
      report.masterData.duplicates += entries.length - batch.events.length - md;
      stored = report.captured;
      seq = r.lastSeq;
      if (last) opts.onProgress?.({ ...last, events: report.read, stored });
      await faultPoint('csv-batch');
    });
    if (!converted.ok) throw refused(converted.problems, converted.more);
    // The last moment a cancellation stops it; past this line the import commits.
    signal?.throwIfAborted();
    await opts.onCommit?.(tx, { ...report, masterData: { ...report.masterData } });
    if (seq > before)
      await appendAudit(tx, {
        actor: opts.actor,
        action: 'events.capture',
        subject: opts.source,
        before: { logSeq: before },
        after: { logSeq: seq, events: report.captured, masterData: report.masterData.captured },
        reason: null,
      });
    return seq;
  });
  const end = await writing.then(
    (seq) => {
      release?.(true);
      return seq;
    },
    (err: unknown) => {
      release?.(false);
      throw err;
    },
  );
  if (opts.project === false) return report;
  try {
    const reached = await projector.catchUp(opts.onGraphProgress);
    report.graph = reached >= end ? 'projected' : 'pending';
  } catch (err) {
    // The log holds the events; the graph catches up when Neo4j is back.
    if (!(err instanceof AppError && err.code === 'STORE_UNAVAILABLE')) throw err;
  }
  return report;
}

function refused(problems: { file: string; row: number; field?: string; reason: string }[], more: number) {
  const total = problems.length + more;
  return new AppError(
    'INVALID_CSV',
    `the CSV bundle has ${total} problem(s)${more ? ` (the first ${problems.length} listed)` : ''}; nothing was imported`,
    { problems },
  );
}

/** A batch as log entries, read through the EPCIS reader as every captured document is. */
function entriesOf(batch: CsvBatch): NewEntry[] {
  const document = {
    '@context': EPCIS_CONTEXT,
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    ...(batch.vocabularyList.length
      ? { epcisHeader: { epcisMasterData: { vocabularyList: batch.vocabularyList } } }
      : {}),
    epcisBody: { eventList: batch.events },
  };
  const parsed = parseEpcisDocument(document);
  if (!parsed.ok)
    throw new AppError('INTERNAL', 'the CSV bundle produced an invalid EPCIS document', {
      problems: parsed.problems,
    });
  const { doc } = parsed;
  return logEntriesOf(doc);
}
