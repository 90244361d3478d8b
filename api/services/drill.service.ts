// Mock-recall drills: the clock runs from start until someone confirms the scope; the report
// (scope, a mass balance per lot with any physical counts, the note) is saved at confirmation and
// read back as saved. A running drill shows the live scope. Start and confirm are audited.
import { z } from 'zod';
import { appendAudit } from '../../analytics/audit.store.ts';
import type { DuckStore } from '../../analytics/duckdb.ts';
import {
  confirmDrill as storeConfirm,
  drillById,
  insertDrill,
  listDrills,
  nextDrillSeq,
  type DrillRow,
  type DrillSummaryRow,
} from '../../analytics/recall.store.ts';
import type { GraphStore } from '../../cypher/neo4j.ts';
import { lotQuantityRows } from '../../cypher/recall-quantities.ts';
import { AppError, type Problem } from '../../domain/errors.ts';
import { recallScope, type RecallScope } from './trace.service.ts';
import { parseInput } from '../validation.ts';

type Root = { id: string; kind: string; code: string };

export interface BalanceLine {
  lot: string;
  code: string;
  material: string | null;
  materialName: string | null;
  uom: string | null;
  /** received from a supplier */
  received: number;
  /** made by operations */
  produced: number;
  /** used by operations */
  consumed: number;
  /** book stock: what the records say is still here (in stock or WIP) */
  inStock: number;
  shipped: number;
  /** what was left of a lot when it was destroyed */
  scrapped: number;
  /** the physical count entered at confirmation, or null */
  counted: number | null;
  /** received + produced − consumed − shipped − scrapped − (counted ?? inStock) */
  difference: number;
}
export interface DrillSummary {
  drillId: string;
  root: Root;
  status: 'running' | 'confirmed';
  startedBy: string;
  startedAt: string;
  confirmedAt: string | null;
  durationSeconds: number | null;
  lots: number;
  customers: number;
  balanced: boolean;
}
export interface Drill {
  drillId: string;
  root: Root;
  status: 'running' | 'confirmed';
  startedBy: string;
  startedAt: string;
  confirmedBy: string | null;
  confirmedAt: string | null;
  durationSeconds: number | null;
  note: string | null;
  scope: RecallScope;
  balance: BalanceLine[];
  balanced: boolean;
}
/** What a confirmed drill keeps. */
interface Report {
  scope: RecallScope;
  balance: BalanceLine[];
  counts: { lot: string; qty: number }[];
}

type Stores = { graph: GraphStore; duck: DuckStore };

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** A readable drill id: DR-<year>-<number in the year, 4 digits or more>. */
export const drillIdOf = (year: number, seq: number) => `DR-${year}-${String(seq).padStart(4, '0')}`;

const startBody = z.object({
  id: z.string().trim().min(1, 'is required: the lot, unit or container the drill starts from').max(2000),
});
const confirmBody = z.object({
  counts: z
    .array(
      z.object({
        lot: z.string().trim().min(1, 'is required: a lot id of the scope'),
        qty: z.number().finite().min(0, 'must not be negative'),
      }),
    )
    .max(100_000)
    .optional(),
  note: z.string().trim().max(2000).nullish(),
});

/**
 * The mass balance of every lot in a scope. Received and produced come from the graph separately;
 * consumed, shipped and book stock as the recall scope counts them; a destroyed lot's remainder
 * is scrapped.
 */
export async function balanceOf(
  graph: GraphStore,
  scope: RecallScope,
  counts: ReadonlyMap<string, number> = new Map(),
): Promise<BalanceLine[]> {
  const facts = new Map(
    (
      await lotQuantityRows(
        graph,
        scope.lots.map((l) => l.id),
      )
    ).map((q) => [q.id, q]),
  );
  return scope.lots.map((l) => {
    const f = facts.get(l.id);
    const received = round6(f?.receivedQty ?? 0);
    const produced = round6(f?.producedQty ?? 0);
    const consumed = round6(num(l['consumed']));
    const shipped = round6(num(l['shipped']));
    const inStock = round6(num(l['remaining']));
    const scrapped =
      l['status'] === 'destroyed' ? Math.max(0, round6(received + produced - consumed - shipped)) : 0;
    const counted = counts.get(l.id) ?? null;
    return {
      lot: l.id,
      code: String(l['code'] ?? l.id),
      material: (l['material'] as string | null | undefined) ?? f?.material ?? null,
      materialName: f?.materialName ?? null,
      uom: (l['uom'] as string | null | undefined) ?? f?.uom ?? null,
      received,
      produced,
      consumed,
      inStock,
      shipped,
      scrapped,
      counted,
      difference: round6(received + produced - consumed - shipped - scrapped - (counted ?? inStock)),
    };
  });
}

const isBalanced = (b: BalanceLine[]) => b.every((l) => l.difference === 0);

const notFound = (drillId: string) =>
  new AppError('NOT_FOUND', `no drill is known as "${drillId}"`, { details: { drillId } });

const rootOf = (r: DrillSummaryRow): Root => ({ id: r.root_id, kind: r.root_kind, code: r.root_code });

/** Every drill, newest first. */
export async function listDrillSummaries(duck: DuckStore): Promise<DrillSummary[]> {
  return (await listDrills(duck)).map((r) => ({
    drillId: r.drill_id,
    root: rootOf(r),
    status: r.status,
    startedBy: r.started_by,
    startedAt: r.started_at,
    confirmedAt: r.confirmed_at,
    durationSeconds: r.duration_seconds,
    lots: r.lots,
    customers: r.customers,
    balanced: r.balanced,
  }));
}

const drillOf = (r: DrillRow, scope: RecallScope, balance: BalanceLine[]): Drill => ({
  drillId: r.drill_id,
  root: rootOf(r),
  status: r.status,
  startedBy: r.started_by,
  startedAt: r.started_at,
  confirmedBy: r.confirmed_by,
  confirmedAt: r.confirmed_at,
  durationSeconds: r.duration_seconds,
  note: r.note,
  scope,
  balance,
  balanced: isBalanced(balance),
});

/** One drill: a confirmed drill's saved report, or a running drill's live scope and balance. */
export async function getDrill(stores: Stores, drillId: string): Promise<Drill> {
  const r = await drillById(stores.duck, drillId);
  if (!r) throw notFound(drillId);
  if (r.status === 'confirmed' && r.report !== null) {
    const report = JSON.parse(r.report) as Report;
    return drillOf(r, report.scope, report.balance);
  }
  const scope = await recallScope(stores.graph, r.root_id);
  return drillOf(r, scope, await balanceOf(stores.graph, scope));
}

/** Starts the clock on a drill for an identifier (404 when it names nothing). Audited `drill.start`. */
export async function startDrill(stores: Stores, actor: string, body: unknown): Promise<Drill> {
  const b = parseInput(startBody, body, 'drill');
  const startedAt = new Date().toISOString();
  const scope = await recallScope(stores.graph, b.id);
  const balance = await balanceOf(stores.graph, scope);
  const year = Number(startedAt.slice(0, 4));
  const drillId = await stores.duck.transaction(async (tx) => {
    const seq = await nextDrillSeq(tx, year);
    const drillId = drillIdOf(year, seq);
    const facts = {
      lots: scope.lots.length,
      customers: scope.customers.length,
      balanced: isBalanced(balance),
    };
    await insertDrill(tx, {
      drillId,
      year,
      seq,
      root: scope.root,
      startedBy: actor,
      startedAt,
      ...facts,
    });
    await appendAudit(tx, {
      actor,
      action: 'drill.start',
      subject: drillId,
      before: null,
      after: { root: scope.root, startedAt, ...facts },
      reason: null,
    });
    return drillId;
  });
  const r = await drillById(stores.duck, drillId);
  return drillOf(r!, scope, balance);
}

/**
 * Confirms a running drill: stops the clock, takes physical counts of lots in the scope
 * (qty ≥ 0, each lot once), and saves the report. Audited `drill.confirm` (the note as reason).
 */
export async function confirmDrill(
  stores: Stores,
  actor: string,
  drillId: string,
  body: unknown,
): Promise<Drill> {
  const b = parseInput(confirmBody, body, 'drill confirmation');
  const r = await drillById(stores.duck, drillId);
  if (!r) throw notFound(drillId);
  if (r.status !== 'running') throw alreadyConfirmed(drillId);
  const scope = await recallScope(stores.graph, r.root_id);
  const counts = b.counts ?? [];
  const inScope = new Set(scope.lots.map((l) => l.id));
  const problems: Problem[] = [];
  const seen = new Set<string>();
  counts.forEach((c, i) => {
    const where = { field: `counts.${i}.lot`, pointer: `/counts/${i}/lot` };
    if (!inScope.has(c.lot))
      problems.push({ ...where, reason: `"${c.lot}" is not a lot of the drill's scope` });
    else if (seen.has(c.lot)) problems.push({ ...where, reason: `"${c.lot}" is counted twice` });
    seen.add(c.lot);
  });
  if (problems.length) throw new AppError('INVALID_INPUT', 'the counts are invalid', { problems });
  const balance = await balanceOf(stores.graph, scope, new Map(counts.map((c) => [c.lot, c.qty])));
  const note = b.note ?? null;
  await stores.duck.transaction(async (tx) => {
    const now = await drillById(tx, drillId);
    if (now?.status !== 'running') throw alreadyConfirmed(drillId);
    const confirmedAt = new Date().toISOString();
    const durationSeconds = Math.max(0, (Date.parse(confirmedAt) - Date.parse(now.started_at)) / 1000);
    const facts = {
      lots: scope.lots.length,
      customers: scope.customers.length,
      balanced: isBalanced(balance),
    };
    const report: Report = { scope, balance, counts };
    await storeConfirm(tx, {
      drillId,
      confirmedBy: actor,
      confirmedAt,
      durationSeconds,
      note,
      report,
      ...facts,
    });
    await appendAudit(tx, {
      actor,
      action: 'drill.confirm',
      subject: drillId,
      before: { status: 'running', startedAt: now.started_at },
      after: {
        status: 'confirmed',
        confirmedAt,
        durationSeconds,
        ...facts,
        counts,
        differences: balance
          .filter((l) => l.difference !== 0)
          .map((l) => ({ lot: l.lot, difference: l.difference })),
      },
      reason: note,
    });
  });
  return getDrill(stores, drillId);
}

const alreadyConfirmed = (drillId: string) =>
  new AppError('CONFLICT', `the drill ${drillId} is already confirmed`, { details: { drillId } });
