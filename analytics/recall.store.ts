// Typed access to recall cases and mock-recall drills in DuckDB. No rules live here (what may be
// recorded, when a case may close): api/services decide, and audit each change in the same
// transaction.
import { z } from 'zod';
import type { DuckStore, DuckTx } from './duckdb.ts';
import { defineQuery, sqlNumber } from './query.ts';

const text = z.string();
const optText = z.string().nullable();
const none = z.object({});

const caseRow = z.object({
  case_id: text,
  title: text,
  reason: text,
  root_id: text,
  root_kind: text,
  root_code: text,
  criteria: optText,
  scope: text,
  status: z.enum(['open', 'closed']),
  opened_by: text,
  opened_at: text,
  closed_by: optText,
  closed_at: optText,
  close_reason: optText,
  open_lines: sqlNumber,
});
export type CaseRow = z.output<typeof caseRow>;

const caseSummaryRow = caseRow.pick({
  case_id: true,
  title: true,
  root_id: true,
  root_kind: true,
  root_code: true,
  status: true,
  opened_by: true,
  opened_at: true,
  closed_at: true,
  open_lines: true,
});
export type CaseSummaryRow = z.output<typeof caseSummaryRow>;

const lineRow = z.object({
  line_no: sqlNumber,
  shipment: text,
  customer: optText,
  customer_name: optText,
  material: optText,
  material_name: optText,
  uom: text,
  shipped: sqlNumber,
  recovered: sqlNumber,
  destroyed: sqlNumber,
  consumed: sqlNumber,
});
export type LineRow = z.output<typeof lineRow>;

const recordRow = z.object({
  seq: sqlNumber,
  shipment: text,
  material: optText,
  uom: text,
  recovered: sqlNumber,
  destroyed: sqlNumber,
  consumed: sqlNumber,
  note: optText,
  recorded_by: text,
  recorded_at: text,
});
export type RecordRow = z.output<typeof recordRow>;

const drillRow = z.object({
  drill_id: text,
  root_id: text,
  root_kind: text,
  root_code: text,
  status: z.enum(['running', 'confirmed']),
  started_by: text,
  started_at: text,
  confirmed_by: optText,
  confirmed_at: optText,
  duration_seconds: sqlNumber.nullable(),
  note: optText,
  lots: sqlNumber,
  customers: sqlNumber,
  balanced: z.boolean(),
  report: optText,
});
export type DrillRow = z.output<typeof drillRow>;

const drillSummaryRow = drillRow.omit({ confirmed_by: true, note: true, report: true });
export type DrillSummaryRow = z.output<typeof drillSummaryRow>;

const year = z.object({ year: z.number().int() });
const caseNextSeq = defineQuery('recall/case_next_seq', { params: year, row: z.object({ seq: sqlNumber }) });
const caseGet = defineQuery('recall/case_get', { params: z.object({ case_id: text }), row: caseRow });
const caseList = defineQuery('recall/case_list', { params: none, row: caseSummaryRow });
const caseLines = defineQuery('recall/case_lines', { params: z.object({ case_id: text }), row: lineRow });
const caseRecords = defineQuery('recall/case_records', {
  params: z.object({ case_id: text }),
  row: recordRow,
});
const caseClose = defineQuery('recall/case_close', {
  params: z.object({ case_id: text, closed_by: text, closed_at: text, close_reason: text }),
  row: none,
});
const drillNextSeq = defineQuery('recall/drill_next_seq', {
  params: year,
  row: z.object({ seq: sqlNumber }),
});
const drillGet = defineQuery('recall/drill_get', { params: z.object({ drill_id: text }), row: drillRow });
const drillList = defineQuery('recall/drill_list', { params: none, row: drillSummaryRow });
const drillConfirm = defineQuery('recall/drill_confirm', {
  params: z.object({
    drill_id: text,
    confirmed_by: text,
    confirmed_at: text,
    duration_seconds: z.number(),
    note: optText,
    lots: z.number().int(),
    customers: z.number().int(),
    balanced: z.boolean(),
    report: text,
  }),
  row: none,
});

type Db = DuckStore | DuckTx;
const run = <P, R>(
  q: { all(db: DuckStore, p: P): Promise<R[]>; inTx(tx: DuckTx, p: P): Promise<R[]> },
  db: Db,
  p: P,
) => ('transaction' in db ? q.all(db, p) : q.inTx(db, p));

/** The next recall case number in a year (call inside the transaction that opens the case). */
export const nextCaseSeq = async (tx: DuckTx, y: number) => (await caseNextSeq.inTx(tx, { year: y }))[0]!.seq;
/** A recall case with its snapshot (JSON text), or null. */
export const caseById = async (db: Db, caseId: string) =>
  (await run(caseGet, db, { case_id: caseId }))[0] ?? null;
/** Every recall case, newest first, without snapshots. */
export const listCases = (db: Db) => run(caseList, db, {});
/** A case's accounting lines with the sums recorded against each. */
export const linesOf = (db: Db, caseId: string) => run(caseLines, db, { case_id: caseId });
/** A case's records, oldest first. */
export const recordsOf = (db: Db, caseId: string) => run(caseRecords, db, { case_id: caseId });
/** Closes an open case. */
export const closeCase = async (
  tx: DuckTx,
  c: { caseId: string; closedBy: string; closedAt: string; reason: string },
) =>
  void (await caseClose.inTx(tx, {
    case_id: c.caseId,
    closed_by: c.closedBy,
    closed_at: c.closedAt,
    close_reason: c.reason,
  }));

export interface NewCase {
  caseId: string;
  year: number;
  seq: number;
  title: string;
  reason: string;
  root: { id: string; kind: string; code: string };
  criteria: unknown;
  scope: unknown;
  openedBy: string;
  openedAt: string;
}
export interface NewLine {
  shipment: string;
  customer: string | null;
  customerName: string | null;
  material: string | null;
  materialName: string | null;
  uom: string;
  shipped: number;
}

/** Stores a new open case and its accounting lines (numbered 1, 2, … in the given order). */
export async function insertCase(tx: DuckTx, c: NewCase, lines: NewLine[]): Promise<void> {
  await tx.append('recall_cases', [
    [
      c.caseId,
      c.year,
      c.seq,
      c.title,
      c.reason,
      c.root.id,
      c.root.kind,
      c.root.code,
      c.criteria === null || c.criteria === undefined ? null : JSON.stringify(c.criteria),
      JSON.stringify(c.scope),
      'open',
      c.openedBy,
      c.openedAt,
      null,
      null,
      null,
    ],
  ]);
  await tx.append(
    'recall_lines',
    lines.map((l, i) => [
      c.caseId,
      i + 1,
      l.shipment,
      l.customer,
      l.customerName,
      l.material,
      l.materialName,
      l.uom,
      l.shipped,
    ]),
  );
}

export interface NewRecord {
  caseId: string;
  seq: number;
  lineNo: number;
  recovered: number;
  destroyed: number;
  consumed: number;
  note: string | null;
  recordedBy: string;
  recordedAt: string;
}
/** Appends one record against a line. */
export async function insertRecord(tx: DuckTx, r: NewRecord): Promise<void> {
  await tx.append('recall_records', [
    [r.caseId, r.seq, r.lineNo, r.recovered, r.destroyed, r.consumed, r.note, r.recordedBy, r.recordedAt],
  ]);
}

/** The next drill number in a year (call inside the transaction that starts the drill). */
export const nextDrillSeq = async (tx: DuckTx, y: number) =>
  (await drillNextSeq.inTx(tx, { year: y }))[0]!.seq;
/** A drill with its saved report (JSON text, null while running), or null. */
export const drillById = async (db: Db, drillId: string) =>
  (await run(drillGet, db, { drill_id: drillId }))[0] ?? null;
/** Every drill, newest first, without reports. */
export const listDrills = (db: Db) => run(drillList, db, {});

export interface NewDrill {
  drillId: string;
  year: number;
  seq: number;
  root: { id: string; kind: string; code: string };
  startedBy: string;
  startedAt: string;
  lots: number;
  customers: number;
  balanced: boolean;
}
/** Stores a running drill. */
export async function insertDrill(tx: DuckTx, d: NewDrill): Promise<void> {
  await tx.append('recall_drills', [
    [
      d.drillId,
      d.year,
      d.seq,
      d.root.id,
      d.root.kind,
      d.root.code,
      'running',
      d.startedBy,
      d.startedAt,
      null,
      null,
      null,
      null,
      d.lots,
      d.customers,
      d.balanced,
      null,
    ],
  ]);
}

/** Confirms a running drill and saves its report. */
export const confirmDrill = async (
  tx: DuckTx,
  d: {
    drillId: string;
    confirmedBy: string;
    confirmedAt: string;
    durationSeconds: number;
    note: string | null;
    lots: number;
    customers: number;
    balanced: boolean;
    report: unknown;
  },
) =>
  void (await drillConfirm.inTx(tx, {
    drill_id: d.drillId,
    confirmed_by: d.confirmedBy,
    confirmed_at: d.confirmedAt,
    duration_seconds: d.durationSeconds,
    note: d.note,
    lots: d.lots,
    customers: d.customers,
    balanced: d.balanced,
    report: JSON.stringify(d.report),
  }));
