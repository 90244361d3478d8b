// Typed access to 8D cases in DuckDB, and the 8D figures of the supplier scorecard. No rules live
// here: api/services/eightd.service.ts decides, and audits each change in the same transaction.
import { z } from 'zod';
import type { DuckStore, DuckTx } from './duckdb.ts';
import { defineQuery, sqlNumber } from './query.ts';

const text = z.string();
const optText = z.string().nullable();
const none = z.object({});

const caseRow = z.object({
  case_id: text,
  instance_id: text,
  title: text,
  source_kind: z.enum(['lot', 'pareto', 'recall']),
  source: text,
  supplier_id: optText,
  lots: text,
  evidence: text,
  opened_by: text,
  opened_at: text,
  contained_at: optText,
  closed_at: optText,
  state: text,
  status: z.enum(['open', 'done']),
  version: sqlNumber,
});
export type EightDRow = z.output<typeof caseRow>;
const summaryRow = z.object({
  case_id: text,
  title: text,
  source_kind: z.enum(['lot', 'pareto', 'recall']),
  supplier_id: optText,
  opened_by: text,
  opened_at: text,
  contained_at: optText,
  closed_at: optText,
  state: text,
  status: z.enum(['open', 'done']),
  due_at: optText,
  overdue: sqlNumber,
});
export type EightDSummaryRow = z.output<typeof summaryRow>;

const nextSeq = defineQuery('eightd/case_next_seq', {
  params: z.object({ year: z.number().int() }),
  row: z.object({ seq: sqlNumber }),
});
const caseGet = defineQuery('eightd/case_get', { params: z.object({ case_id: text }), row: caseRow });
const caseList = defineQuery('eightd/case_list', {
  params: z.object({ supplier_id: optText, now: text }),
  row: summaryRow,
});
const caseByInstance = defineQuery('eightd/case_by_instance', {
  params: z.object({ instance_id: text }),
  row: z.object({ case_id: text }),
});
const caseSetSupplier = defineQuery('eightd/case_set_supplier', {
  params: z.object({ case_id: text, supplier_id: optText }),
  row: none,
});
const caseMark = defineQuery('eightd/case_mark', {
  params: z.object({ case_id: text, contained_at: optText, closed_at: optText }),
  row: none,
});
const scorecard = defineQuery('eightd/scorecard', {
  params: z.object({
    period: z.enum(['month', 'quarter', 'year']),
    from: optText,
    to: optText,
    supplier: optText,
  }),
  row: z.object({
    supplier: text,
    period_start: text,
    opened: sqlNumber,
    contained: sqlNumber,
    closed: sqlNumber,
    mean_days_to_containment: z.number().nullable(),
    mean_days_to_closure: z.number().nullable(),
  }),
});

type Db = DuckStore | DuckTx;
const run = <P, R>(
  q: { all(db: DuckStore, p: P): Promise<R[]>; inTx(tx: DuckTx, p: P): Promise<R[]> },
  db: Db,
  p: P,
) => ('transaction' in db ? q.all(db, p) : q.inTx(db, p));

/** The next 8D number in a year (inside the transaction that opens the case). */
export const nextEightDSeq = async (tx: DuckTx, year: number) => (await nextSeq.inTx(tx, { year }))[0]!.seq;
/** One case with its evidence (JSON text) and its instance's state, or null. */
export const eightDById = async (db: Db, caseId: string) =>
  (await run(caseGet, db, { case_id: caseId }))[0] ?? null;
/** Cases newest first (one supplier's, or all). */
export const listEightD = (db: Db, supplierId: string | null, now: string) =>
  run(caseList, db, { supplier_id: supplierId, now });
/** The case of an '8d' instance, or null. */
export const eightDOfInstance = async (db: Db, instanceId: string) =>
  (await run(caseByInstance, db, { instance_id: instanceId }))[0]?.case_id ?? null;
/** Assigns a case to a supplier (or none). */
export const setEightDSupplier = async (tx: DuckTx, caseId: string, supplierId: string | null) =>
  void (await caseSetSupplier.inTx(tx, { case_id: caseId, supplier_id: supplierId }));
/** Records containment and closure times (a time already set stays). */
export const markEightD = async (
  tx: DuckTx,
  m: { caseId: string; containedAt: string | null; closedAt: string | null },
) =>
  void (await caseMark.inTx(tx, { case_id: m.caseId, contained_at: m.containedAt, closed_at: m.closedAt }));

export interface NewEightD {
  caseId: string;
  year: number;
  seq: number;
  instanceId: string;
  title: string;
  sourceKind: 'lot' | 'pareto' | 'recall';
  source: unknown;
  supplierId: string | null;
  lots: string[];
  evidence: unknown;
  openedBy: string;
  openedAt: string;
}
/** Stores a new case. */
export async function insertEightD(tx: DuckTx, c: NewEightD): Promise<void> {
  await tx.append('eightd_cases', [
    [
      c.caseId,
      c.year,
      c.seq,
      c.instanceId,
      c.title,
      c.sourceKind,
      JSON.stringify(c.source),
      c.supplierId,
      JSON.stringify(c.lots),
      JSON.stringify(c.evidence),
      c.openedBy,
      c.openedAt,
      null,
      null,
    ],
  ]);
}

export interface EightDFigures {
  supplier: string;
  periodStart: string;
  opened: number;
  contained: number;
  closed: number;
  meanDaysToContainment: number | null;
  meanDaysToClosure: number | null;
}
/**
 * 8D figures per supplier and period of opening (UTC): cases opened, and the mean days from
 * opening to containment (D3 answered) and to closure (D8 answered) over the cases that got there.
 */
export async function eightDFigures(
  db: DuckStore,
  f: {
    period: 'month' | 'quarter' | 'year';
    from: string | null;
    to: string | null;
    supplier: string | null;
  },
): Promise<EightDFigures[]> {
  return (await scorecard.all(db, f)).map((r) => ({
    supplier: r.supplier,
    periodStart: r.period_start,
    opened: r.opened,
    contained: r.contained,
    closed: r.closed,
    meanDaysToContainment: r.mean_days_to_containment,
    meanDaysToClosure: r.mean_days_to_closure,
  }));
}
