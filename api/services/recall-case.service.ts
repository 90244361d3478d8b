// Recall cases: the scope is snapshotted when a case opens; what each shipment carried is then
// accounted for (recovered, destroyed at the customer, consumed by the customer) until nothing is
// open, and only then may the case close. Every change is audited in its own write transaction.
import { z } from 'zod';
import { appendAudit } from '../../analytics/audit.store.ts';
import type { DuckStore, DuckTx } from '../../analytics/duckdb.ts';
import {
  caseById,
  closeCase,
  insertCase,
  insertRecord,
  linesOf,
  listCases,
  nextCaseSeq,
  recordsOf,
  type CaseSummaryRow,
  type LineRow,
  type NewLine,
} from '../../analytics/recall.store.ts';
import type { GraphStore } from '../../cypher/neo4j.ts';
import { AppError, type Problem } from '../../domain/errors.ts';
import { narrowRecall, type NarrowingCriteria } from './recall-narrowing.service.ts';
import { recallScope, type RecallScope } from './trace.service.ts';
import { parseInput } from '../validation.ts';

export interface RecallCaseSummary {
  caseId: string;
  title: string;
  root: { id: string; kind: string; code: string };
  status: 'open' | 'closed';
  openedBy: string;
  openedAt: string;
  closedAt: string | null;
  /** accounting lines with something still open */
  openLines: number;
}
export interface AccountingLine {
  shipment: string;
  customer: string | null;
  customerName: string | null;
  material: string | null;
  materialName: string | null;
  uom: string;
  shipped: number;
  /** returned to us */
  recovered: number;
  /** destroyed at the customer, attested */
  destroyed: number;
  /** used or sold on by the customer, not recoverable */
  consumed: number;
  /** shipped − recovered − destroyed − consumed */
  open: number;
}
export interface RecallRecord {
  seq: number;
  shipment: string;
  material: string | null;
  uom: string;
  recovered: number;
  destroyed: number;
  consumed: number;
  note: string | null;
  recordedBy: string;
  recordedAt: string;
}
export interface RecallCase extends RecallCaseSummary {
  reason: string;
  criteria: NarrowingCriteria | null;
  /** the scope as it was when the case opened */
  scope: RecallScope;
  accounting: AccountingLine[];
  records: RecallRecord[];
  closedBy: string | null;
  closeReason: string | null;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** A readable case id: RC-<year>-<number in the year, 4 digits or more>. */
export const caseIdOf = (year: number, seq: number) => `RC-${year}-${String(seq).padStart(4, '0')}`;

const required = (what: string) => z.string().trim().min(1, `is required: ${what}`).max(2000);
const quantity = z.number().finite().min(0, 'must not be negative').optional();

const openBody = z.object({
  id: required('the lot, unit or container the recall starts from'),
  title: required('a short title for the case'),
  reason: required('why the recall is opened'),
  criteria: z.looseObject({}).nullish(),
});
const recordBody = z.object({
  shipment: required('the shipment the quantities belong to'),
  material: z.string().nullish(),
  uom: required('the unit of measure of the line'),
  recovered: quantity,
  destroyed: quantity,
  consumed: quantity,
  note: z.string().trim().max(2000).nullish(),
});
const closeBody = z.object({ reason: required('why the case is closed') });

/** The accounting lines of a scope: one per shipment × material × unit of measure, in shipment order. */
export function linesOfScope(scope: RecallScope): NewLine[] {
  return scope.shipments.flatMap((s) =>
    s.quantities.map((q) => ({
      shipment: s.id,
      customer: s.customer,
      customerName: s.customerName,
      material: q.material,
      materialName: q.materialName,
      uom: q.uom,
      shipped: q.qty,
    })),
  );
}

const toLine = (l: LineRow): AccountingLine => {
  const recovered = round6(l.recovered);
  const destroyed = round6(l.destroyed);
  const consumed = round6(l.consumed);
  return {
    shipment: l.shipment,
    customer: l.customer,
    customerName: l.customer_name,
    material: l.material,
    materialName: l.material_name,
    uom: l.uom,
    shipped: l.shipped,
    recovered,
    destroyed,
    consumed,
    open: round6(l.shipped - recovered - destroyed - consumed),
  };
};

const toSummary = (r: CaseSummaryRow): RecallCaseSummary => ({
  caseId: r.case_id,
  title: r.title,
  root: { id: r.root_id, kind: r.root_kind, code: r.root_code },
  status: r.status,
  openedBy: r.opened_by,
  openedAt: r.opened_at,
  closedAt: r.closed_at,
  openLines: r.open_lines,
});

const notFound = (caseId: string) =>
  new AppError('NOT_FOUND', `no recall case is known as "${caseId}"`, { details: { caseId } });

/** Every recall case, newest first. */
export async function listRecallCases(duck: DuckStore): Promise<RecallCaseSummary[]> {
  return (await listCases(duck)).map(toSummary);
}

/** One recall case: its snapshot, accounting lines and records (404 when unknown). */
export async function getRecallCase(db: DuckStore | DuckTx, caseId: string): Promise<RecallCase> {
  const c = await caseById(db, caseId);
  if (!c) throw notFound(caseId);
  const lines = await linesOf(db, caseId);
  const records = await recordsOf(db, caseId);
  return {
    ...toSummary(c),
    reason: c.reason,
    criteria: c.criteria === null ? null : (JSON.parse(c.criteria) as NarrowingCriteria),
    scope: JSON.parse(c.scope) as RecallScope,
    accounting: lines.map(toLine),
    records: records.map((r) => ({
      seq: r.seq,
      shipment: r.shipment,
      material: r.material,
      uom: r.uom,
      recovered: r.recovered,
      destroyed: r.destroyed,
      consumed: r.consumed,
      note: r.note,
      recordedBy: r.recorded_by,
      recordedAt: r.recorded_at,
    })),
    closedBy: c.closed_by,
    closeReason: c.close_reason,
  };
}

/**
 * Opens a case: computes the scope (narrowed when criteria are given) and stores it as the
 * case's snapshot with one accounting line per shipment × material × unit; audited `recall.open`.
 */
export async function openRecallCase(
  stores: { graph: GraphStore; duck: DuckStore },
  actor: string,
  body: unknown,
): Promise<RecallCase> {
  const b = parseInput(openBody, body, 'recall case');
  const criteria = (b.criteria ?? null) as NarrowingCriteria | null;
  const scope =
    criteria === null
      ? await recallScope(stores.graph, b.id)
      : (await narrowRecall(stores, b.id, criteria)).scope;
  const lines = linesOfScope(scope);
  const openedAt = new Date().toISOString();
  const year = Number(openedAt.slice(0, 4));
  const caseId = await stores.duck.transaction(async (tx) => {
    const seq = await nextCaseSeq(tx, year);
    const caseId = caseIdOf(year, seq);
    await insertCase(
      tx,
      {
        caseId,
        year,
        seq,
        title: b.title,
        reason: b.reason,
        root: scope.root,
        criteria,
        scope,
        openedBy: actor,
        openedAt,
      },
      lines,
    );
    await appendAudit(tx, {
      actor,
      action: 'recall.open',
      subject: caseId,
      before: null,
      after: {
        title: b.title,
        root: scope.root,
        criteria,
        lots: scope.lots.length,
        units: scope.units.length,
        shipments: scope.shipments.length,
        customers: scope.customers.length,
        lines: lines.length,
      },
      reason: b.reason,
    });
    return caseId;
  });
  return getRecallCase(stores.duck, caseId);
}

/** Checks that a case exists and is still open (inside the write transaction). */
async function openCase(tx: DuckTx, caseId: string) {
  const c = await caseById(tx, caseId);
  if (!c) throw notFound(caseId);
  if (c.status !== 'open')
    throw new AppError('CONFLICT', `the recall case ${caseId} is closed`, {
      details: { caseId, status: c.status },
    });
  return c;
}

const lineName = (l: AccountingLine) =>
  `${l.shipment} ${l.materialName ?? l.material ?? 'no material'} (${l.uom})`;

/**
 * Records recovered, destroyed and consumed quantities against one accounting line; refuses a
 * record that would account for more than is open. Audited `recall.record` (the note as reason).
 */
export async function recordRecall(
  duck: DuckStore,
  actor: string,
  caseId: string,
  body: unknown,
): Promise<RecallCase> {
  const b = parseInput(recordBody, body, 'recall record');
  const material = b.material ?? null;
  const amounts = { recovered: b.recovered ?? 0, destroyed: b.destroyed ?? 0, consumed: b.consumed ?? 0 };
  if (amounts.recovered + amounts.destroyed + amounts.consumed <= 0)
    throw new AppError('INVALID_INPUT', 'the record accounts for nothing', {
      problems: [{ field: 'recovered', reason: 'one of recovered, destroyed or consumed must be above 0' }],
    });
  await duck.transaction(async (tx) => {
    await openCase(tx, caseId);
    const rows = await linesOf(tx, caseId);
    const row = rows.find((l) => l.shipment === b.shipment && l.material === material && l.uom === b.uom);
    if (!row) throw unknownLine(rows, b.shipment, material, b.uom);
    const before = toLine(row);
    // Name the first field that takes the line past what is open.
    let sum = 0;
    for (const field of ['recovered', 'destroyed', 'consumed'] as const) {
      sum = round6(sum + amounts[field]);
      if (amounts[field] > 0 && sum > before.open)
        throw new AppError('CONFLICT', `the record accounts for more than is open on ${lineName(before)}`, {
          problems: [
            {
              field,
              reason: `${before.open} ${before.uom} open; the record accounts for ${round6(
                amounts.recovered + amounts.destroyed + amounts.consumed,
              )}`,
            },
          ],
          details: { caseId, open: before.open },
        });
    }
    const seq = (await recordsOf(tx, caseId)).length + 1;
    const recordedAt = new Date().toISOString();
    await insertRecord(tx, {
      caseId,
      seq,
      lineNo: row.line_no,
      ...amounts,
      note: b.note ?? null,
      recordedBy: actor,
      recordedAt,
    });
    const after = toLine({
      ...row,
      recovered: row.recovered + amounts.recovered,
      destroyed: row.destroyed + amounts.destroyed,
      consumed: row.consumed + amounts.consumed,
    });
    await appendAudit(tx, {
      actor,
      action: 'recall.record',
      subject: caseId,
      before: { line: before },
      after: { line: after, record: { seq, ...amounts } },
      reason: b.note ?? null,
    });
  });
  return getRecallCase(duck, caseId);
}

function unknownLine(rows: LineRow[], shipment: string, material: string | null, uom: string): AppError {
  const ofShipment = rows.filter((l) => l.shipment === shipment);
  const ofMaterial = ofShipment.filter((l) => l.material === material);
  const problem: Problem =
    ofShipment.length === 0
      ? { field: 'shipment', reason: `the case has no line for the shipment "${shipment}"` }
      : ofMaterial.length === 0
        ? {
            field: 'material',
            reason: `the shipment carried ${ofShipment.map((l) => l.material ?? 'null').join(', ')}, not ${material ?? 'null'}`,
          }
        : {
            field: 'uom',
            reason: `the line is counted in ${ofMaterial.map((l) => l.uom).join(', ')}, not ${uom}`,
          };
  return new AppError('INVALID_INPUT', 'the case has no such accounting line', { problems: [problem] });
}

/** Closes a case once every line is accounted for (409 while anything is open). Audited `recall.close`. */
export async function closeRecallCase(
  duck: DuckStore,
  actor: string,
  caseId: string,
  body: unknown,
): Promise<RecallCase> {
  const b = parseInput(closeBody, body, 'close request');
  await duck.transaction(async (tx) => {
    await openCase(tx, caseId);
    const lines = (await linesOf(tx, caseId)).map(toLine);
    const open = lines.filter((l) => l.open > 0);
    if (open.length)
      throw new AppError(
        'CONFLICT',
        `the recall case ${caseId} still has ${open.length} open line${open.length === 1 ? '' : 's'}`,
        {
          problems: open.map((l) => ({ field: 'accounting', reason: `${lineName(l)}: ${l.open} open` })),
          details: { caseId, openLines: open.length },
        },
      );
    const closedAt = new Date().toISOString();
    await closeCase(tx, { caseId, closedBy: actor, closedAt, reason: b.reason });
    await appendAudit(tx, {
      actor,
      action: 'recall.close',
      subject: caseId,
      before: { status: 'open' },
      after: {
        status: 'closed',
        lines: lines.length,
        shipped: sumBy(lines, 'shipped'),
        recovered: sumBy(lines, 'recovered'),
        destroyed: sumBy(lines, 'destroyed'),
        consumed: sumBy(lines, 'consumed'),
      },
      reason: b.reason,
    });
  });
  return getRecallCase(duck, caseId);
}

// Totals by unit of measure (quantities of different units never add up).
function sumBy(lines: AccountingLine[], k: 'shipped' | 'recovered' | 'destroyed' | 'consumed') {
  const out: Record<string, number> = {};
  for (const l of lines) out[l.uom] = round6((out[l.uom] ?? 0) + l[k]);
  return out;
}
