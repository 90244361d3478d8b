// Typed access to the event log and the analytic projection tables in DuckDB.
import { z } from 'zod';
import type { DuckStore, DuckTx } from './duckdb.ts';
import { defineQuery, sqlNumber } from './query.ts';

const none = z.object({});

const q = {
  lastSeq: defineQuery('event_log_last_seq', { params: none, row: z.object({ seq: sqlNumber }) }),
  duplicates: defineQuery('event_log_staged_duplicates', {
    params: none,
    row: z.object({ event_id: z.string() }),
  }),
  clearStaging: defineQuery('event_log_clear_staging', { params: none, row: none }),
  read: defineQuery('event_log_read', {
    params: z.object({ after: z.number().int(), limit: z.number().int().positive() }),
    row: z.object({
      seq: sqlNumber,
      event_id: z.string(),
      kind: z.string(),
      event_type: z.string().nullable(),
      body: z.string(),
    }),
  }),
  counts: defineQuery('event_log_counts', {
    params: none,
    row: z.object({ kind: z.string(), n: sqlNumber }),
  }),
};
const ANALYTIC_TABLES = [
  'events',
  'event_objects',
  'sensor_readings',
  'inspections',
  'defects',
  'master_data',
] as const;
const clear = Object.fromEntries(
  ANALYTIC_TABLES.map((t) => [t, defineQuery(`clear_${t}`, { params: none, row: none })]),
) as Record<(typeof ANALYTIC_TABLES)[number], ReturnType<typeof defineQuery<typeof none, typeof none>>>;

export interface LogRow {
  seq: number;
  eventId: string;
  kind: 'event' | 'masterdata';
  eventType: string | null;
  eventTime: string | null;
  recordTime: string;
  source: string;
  /** JSON text */
  body: string;
}

export type AnalyticTable = (typeof ANALYTIC_TABLES)[number];

/** The last position in the log. */
export async function lastSeq(db: DuckStore | DuckTx): Promise<number> {
  const [row] = 'query' in db ? await q.lastSeq.all(db, {}) : await q.lastSeq.inTx(db, {});
  return row?.seq ?? 0;
}

/** Of these ids, the ones already in the log (inside the write transaction). */
export async function existingIds(tx: DuckTx, ids: string[]): Promise<Set<string>> {
  await q.clearStaging.inTx(tx, {});
  await tx.append(
    'ingest_staging',
    ids.map((id) => [id]),
  );
  const rows = await q.duplicates.inTx(tx, {});
  await q.clearStaging.inTx(tx, {});
  return new Set(rows.map((r) => r.event_id));
}

/** Appends entries to the log (the caller holds the write transaction and has assigned seq). */
export async function appendLog(tx: DuckTx, rows: LogRow[]): Promise<void> {
  await tx.append(
    'event_log',
    rows.map((r) => [r.seq, r.eventId, r.kind, r.eventType, r.eventTime, r.recordTime, r.source, r.body]),
  );
}

/** Appends rows to an analytic table, values in column order. */
export async function appendAnalytic(tx: DuckTx, table: AnalyticTable, rows: unknown[][]): Promise<void> {
  await tx.append(table, rows);
}

/** Reads the log in order after a position. */
export async function readLog(db: DuckStore, after: number, limit: number) {
  return q.read.all(db, { after, limit });
}

export async function logCounts(db: DuckStore): Promise<{ events: number; masterData: number }> {
  const rows = await q.counts.all(db, {});
  const get = (k: string) => rows.find((r) => r.kind === k)?.n ?? 0;
  return { events: get('event'), masterData: get('masterdata') };
}

/** Empties the analytic tables (not the log), inside a write transaction. */
export async function clearAnalytics(tx: DuckTx): Promise<void> {
  for (const t of ANALYTIC_TABLES) await clear[t].inTx(tx, {});
}
