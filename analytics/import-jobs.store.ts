// Typed access to the jobs of streamed CSV imports through a running server (decision 040). No
// rules live here: the service (api/services/csv-import.service.ts) decides, and audits a job's
// start and end in the same transaction.
import { z } from 'zod';
import type { DuckStore, DuckTx } from './duckdb.ts';
import { defineQuery, sqlNumber } from './query.ts';

const text = z.string();
const optText = z.string().nullable();
const optNumber = sqlNumber.nullable();
const optInt = z.number().int().nonnegative().nullable();

export const CSV_IMPORT_STATES = [
  'checking',
  'converting',
  'projecting',
  'succeeded',
  'failed',
  'cancelled',
] as const;

const jobRow = z.object({
  job_id: text,
  created_at: text,
  finished_at: optText,
  actor: text,
  state: z.enum(CSV_IMPORT_STATES),
  files: text,
  bytes: sqlNumber,
  phase: optText,
  rows_read: optNumber,
  bytes_read: optNumber,
  bytes_total: optNumber,
  events: optNumber,
  stored: optNumber,
  report: optText,
  error: optText,
  note: optText,
});
export type CsvImportJobRow = z.output<typeof jobRow>;

/** A job's progress as stored: each counter, or all null before the first report. */
const progress = {
  phase: z.enum(['check', 'convert']).nullable(),
  rows_read: optInt,
  bytes_read: optInt,
  bytes_total: optInt,
  events: optInt,
  stored: optInt,
};

const create = defineQuery('imports/csv_job_create', {
  params: z.object({
    job_id: text,
    created_at: text,
    actor: text,
    files: text,
    bytes: z.number().int().nonnegative(),
  }),
  row: z.object({}),
});
const update = defineQuery('imports/csv_job_update', {
  params: z.object({
    job_id: text,
    updated_at: text,
    state: z.enum(['checking', 'converting', 'projecting']),
    ...progress,
    report: optText,
  }),
  row: z.object({}),
});
const finish = defineQuery('imports/csv_job_finish', {
  params: z.object({
    job_id: text,
    finished_at: text,
    state: z.enum(['succeeded', 'failed', 'cancelled']),
    ...progress,
    report: optText,
    error: optText,
  }),
  row: z.object({ job_id: text }),
});
const get = defineQuery('imports/csv_job_get', { params: z.object({ job_id: text }), row: jobRow });
const interrupted = defineQuery('imports/csv_job_interrupted', {
  params: z.object({ finished_at: text, error: text, note: text }),
  row: z.object({
    job_id: text,
    actor: text,
    state: z.enum(['succeeded', 'failed']),
    rows_read: optNumber,
    events: optNumber,
    stored: optNumber,
    report: optText,
    error: optText,
  }),
});
const purge = defineQuery('imports/csv_job_purge', {
  params: z.object({ cutoff: text }),
  row: z.object({ job_id: text }),
});

export const createCsvImportJob = (tx: DuckTx, p: z.input<typeof create.params>) => create.inTx(tx, p);
export const updateCsvImportJob = (tx: DuckTx, p: z.input<typeof update.params>) => update.inTx(tx, p);
export const finishCsvImportJob = (tx: DuckTx, p: z.input<typeof finish.params>) => finish.inTx(tx, p);
/** Ends every job still running (a server stopped while it ran); the caller audits each. */
export const endInterruptedCsvImports = (tx: DuckTx, p: z.input<typeof interrupted.params>) =>
  interrupted.inTx(tx, p);
/** Deletes the jobs that ended before `cutoff`, never a running one (decision 044); the caller audits the count. */
export const purgeEndedCsvImportJobs = (tx: DuckTx, p: z.input<typeof purge.params>) => purge.inTx(tx, p);

export async function getCsvImportJob(db: DuckStore, jobId: string): Promise<CsvImportJobRow | null> {
  return (await get.all(db, { job_id: jobId }))[0] ?? null;
}
