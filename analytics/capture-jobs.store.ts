// Typed access to the capture jobs of the EPCIS REST binding. No rules live here: the service
// (api/services/epcis-capture.service.ts) decides, and audits each change in the same transaction.
import { z } from 'zod';
import type { DuckStore, DuckTx } from './duckdb.ts';
import { defineQuery, sqlNumber } from './query.ts';

const text = z.string();
const optText = z.string().nullable();
const optNumber = sqlNumber.nullable();

const jobRow = z.object({
  capture_id: text,
  created_at: text,
  finished_at: optText,
  running: z.boolean(),
  success: z.boolean(),
  error_behaviour: text,
  actor: text,
  media_type: text,
  epcis_version: optText,
  bytes: sqlNumber,
  events_read: optNumber,
  captured: optNumber,
  duplicates: optNumber,
  errors: text,
});
export type CaptureJobRow = z.output<typeof jobRow>;

const create = defineQuery('epcis/capture_job_create', {
  params: z.object({
    capture_id: text,
    created_at: text,
    error_behaviour: text,
    actor: text,
    media_type: text,
    bytes: z.number().int().nonnegative(),
  }),
  row: z.object({}),
});
const finish = defineQuery('epcis/capture_job_finish', {
  params: z.object({
    capture_id: text,
    finished_at: text,
    success: z.boolean(),
    epcis_version: optText,
    events_read: z.number().int().nullable(),
    captured: z.number().int().nullable(),
    duplicates: z.number().int().nullable(),
    errors: text,
  }),
  row: z.object({}),
});
const get = defineQuery('epcis/capture_job_get', { params: z.object({ capture_id: text }), row: jobRow });
const list = defineQuery('epcis/capture_job_list', {
  params: z.object({
    actor: optText,
    before_created: optText,
    before_id: optText,
    limit: z.number().int().positive(),
  }),
  row: jobRow,
});
const interrupted = defineQuery('epcis/capture_job_interrupted', {
  params: z.object({ finished_at: text, errors: text }),
  row: z.object({ capture_id: text }),
});

export const createCaptureJob = (tx: DuckTx, p: z.input<typeof create.params>) => create.inTx(tx, p);
export const finishCaptureJob = (tx: DuckTx, p: z.input<typeof finish.params>) => finish.inTx(tx, p);
export const endInterruptedJobs = (tx: DuckTx, p: z.input<typeof interrupted.params>) =>
  interrupted.inTx(tx, p);

export async function getCaptureJob(db: DuckStore, captureId: string): Promise<CaptureJobRow | null> {
  return (await get.all(db, { capture_id: captureId }))[0] ?? null;
}

export const listCaptureJobs = (db: DuckStore, p: z.input<typeof list.params>) => list.all(db, p);
