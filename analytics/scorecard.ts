// Supplier scorecard: counts come from SQL (scorecard_*.sql); rates, the weighted score and the
// grade are computed here. Weights and thresholds live in DuckDB (scorecard_config) and change
// only through setScorecardConfig, audited in the same transaction.
import { z } from 'zod';
import { AppError } from '../domain/errors.ts';
import { appendAudit } from './audit.store.ts';
import type { DuckStore } from './duckdb.ts';
import { eightDFigures, type EightDFigures } from './eightd.store.ts';
import { ensureFacts } from './facts.ts';
import { defineQuery, sqlNumber } from './query.ts';

const optText = z.string().nullable();
export const SCORECARD_PERIODS = ['month', 'quarter', 'year'] as const;
export type ScorecardPeriod = (typeof SCORECARD_PERIODS)[number];
const period = z.enum(SCORECARD_PERIODS);
const filter = z.object({
  period,
  from: optText,
  to: optText,
  supplier: optText,
  material: optText,
});

const suppliers = defineQuery('scorecard_suppliers', {
  before: ensureFacts,
  params: filter,
  row: z.object({
    supplier: z.string(),
    supplier_name: optText,
    period_start: z.string(),
    lots_received: sqlNumber,
    lots_inspected: sqlNumber,
    lots_passed: sqlNumber,
    sampled: sqlNumber,
    defective_sampled: sqlNumber,
    minor: sqlNumber,
    major: sqlNumber,
    critical: sqlNumber,
  }),
});
const quantities = defineQuery('scorecard_quantities', {
  before: ensureFacts,
  params: filter,
  row: z.object({
    supplier: z.string(),
    period_start: z.string(),
    uom: optText,
    quantity: sqlNumber.nullable(),
  }),
});
const lots = defineQuery('scorecard_lots', {
  before: ensureFacts,
  params: z.object({ supplier: z.string(), period, start: z.string() }),
  row: z.object({
    lot: z.string(),
    object_id: z.string(),
    material: optText,
    received_at: z.string(),
    quantity: sqlNumber.nullable(),
    uom: optText,
    receipt_event_id: z.string(),
    inspection_event_id: optText,
    inspected_at: optText,
    result: optText,
    sample_size: sqlNumber.nullable(),
    defective: sqlNumber.nullable(),
    minor: sqlNumber.nullable(),
    major: sqlNumber.nullable(),
    critical: sqlNumber.nullable(),
  }),
});
const configRow = z.object({
  weight_acceptance: z.number(),
  weight_ppm: z.number(),
  weight_on_time: z.number(),
  ppm_zero: z.number(),
  grade_a: z.number(),
  grade_b: z.number(),
});
const configGet = defineQuery('scorecard_config_get', { params: z.object({}), row: configRow });
const configSet = defineQuery('scorecard_config_set', { params: configRow, row: z.object({}) });

/** Weights (any non-negative numbers; they are normalised over the components that have data) and thresholds. */
export interface ScorecardConfig {
  weights: { acceptance: number; ppm: number; onTime: number };
  /** PPM at or above which the PPM component scores 0 (linear from 100 at 0 PPM) */
  ppmZero: number;
  /** minimum score for grade A, and for grade B; below grade B: C */
  gradeA: number;
  gradeB: number;
}

export interface ScorecardRow {
  supplier: string;
  supplierName: string | null;
  period: ScorecardPeriod;
  /** first day of the period, YYYY-MM-DD (UTC) */
  periodStart: string;
  lotsReceived: number;
  /** quantity received per unit of measure (null uom: not stated) */
  quantityReceived: { uom: string | null; quantity: number }[];
  lotsInspected: number;
  lotsPassed: number;
  /** lotsPassed / lotsInspected; null when no lot was inspected */
  acceptanceRate: number | null;
  /** Σ defective / Σ sample size × 1e6 over sampled first incoming inspections; null without samples */
  ppmDefective: number | null;
  ppmBasis: { defective: number; sampleSize: number };
  defectsBySeverity: { minor: number; major: number; critical: number };
  /** 8D cases opened against the supplier in the period */
  eightD: number;
  /** mean days from opening to containment (D3 answered) over the period's cases contained; null when none */
  daysToContainment: number | null;
  /** mean days from opening to closure (D8 answered) over the period's cases closed; null when none */
  daysToClosure: number | null;
  /** no due dates are captured yet */
  onTimeDelivery: null;
  /** 0–100, null when no component has data */
  score: number | null;
  grade: 'A' | 'B' | 'C' | null;
}

export interface ScorecardFilter {
  period: ScorecardPeriod;
  /** ISO 8601; receipts at or after */
  from?: string | undefined;
  /** ISO 8601; receipts before */
  to?: string | undefined;
  supplier?: string | undefined;
  material?: string | undefined;
}

const utc = (t: string | undefined) => (t === undefined ? null : new Date(t).toISOString().slice(0, 23));

/**
 * The weighted score of one supplier-period: each component scores 0–100 (acceptance rate × 100;
 * PPM linear from 100 at 0 to 0 at `ppmZero`; on-time rate × 100), weighted over the components
 * that have data. Null when none has.
 */
export function scoreOf(
  c: { acceptanceRate: number | null; ppmDefective: number | null; onTimeDelivery: number | null },
  cfg: ScorecardConfig,
): { score: number | null; grade: 'A' | 'B' | 'C' | null } {
  const parts: [weight: number, points: number | null][] = [
    [cfg.weights.acceptance, c.acceptanceRate === null ? null : c.acceptanceRate * 100],
    [cfg.weights.ppm, c.ppmDefective === null ? null : Math.max(0, 100 * (1 - c.ppmDefective / cfg.ppmZero))],
    [cfg.weights.onTime, c.onTimeDelivery === null ? null : c.onTimeDelivery * 100],
  ];
  let w = 0;
  let s = 0;
  for (const [weight, points] of parts)
    if (points !== null && weight > 0) {
      w += weight;
      s += weight * points;
    }
  if (w === 0) return { score: null, grade: null };
  const score = Math.min(100, Math.max(0, s / w)); // clamp float noise at the ends
  return { score, grade: score >= cfg.gradeA ? 'A' : score >= cfg.gradeB ? 'B' : 'C' };
}

/** The scorecard's weights and thresholds as stored. */
export async function getScorecardConfig(db: DuckStore): Promise<ScorecardConfig> {
  const [r] = await configGet.all(db, {});
  if (!r) throw new AppError('INTERNAL', 'the scorecard configuration row is missing');
  return fromRow(r);
}

const fromRow = (r: z.output<typeof configRow>): ScorecardConfig => ({
  weights: { acceptance: r.weight_acceptance, ppm: r.weight_ppm, onTime: r.weight_on_time },
  ppmZero: r.ppm_zero,
  gradeA: r.grade_a,
  gradeB: r.grade_b,
});

/** Problems with a configuration, as [{ field, reason }] (empty: valid). */
export function configProblems(c: ScorecardConfig): { field: string; reason: string }[] {
  const p: { field: string; reason: string }[] = [];
  const finite = (field: string, v: number) => {
    if (!Number.isFinite(v)) p.push({ field, reason: 'must be a finite number' });
  };
  for (const [k, v] of Object.entries(c.weights)) {
    finite(`weights.${k}`, v);
    if (v < 0) p.push({ field: `weights.${k}`, reason: 'must not be negative' });
  }
  if (c.weights.acceptance + c.weights.ppm + c.weights.onTime <= 0)
    p.push({ field: 'weights', reason: 'at least one weight must be positive' });
  finite('ppmZero', c.ppmZero);
  if (!(c.ppmZero > 0)) p.push({ field: 'ppmZero', reason: 'must be positive' });
  finite('gradeA', c.gradeA);
  finite('gradeB', c.gradeB);
  if (!(c.gradeA <= 100 && c.gradeA > c.gradeB && c.gradeB >= 0))
    p.push({ field: 'gradeA', reason: 'must hold 0 <= gradeB < gradeA <= 100' });
  return p;
}

/**
 * Replaces the weights and thresholds; the change and its audit entry (action
 * `scorecard.config`, before, after, reason) land in one transaction.
 */
export async function setScorecardConfig(
  db: DuckStore,
  change: { actor: string; reason: string; config: ScorecardConfig },
): Promise<ScorecardConfig> {
  const problems = configProblems(change.config);
  if (!change.actor.trim()) problems.push({ field: 'actor', reason: 'is required' });
  if (!change.reason.trim()) problems.push({ field: 'reason', reason: 'is required' });
  if (problems.length)
    throw new AppError('INVALID_INPUT', 'the scorecard configuration is invalid', { problems });
  const c = change.config;
  return db.transaction(async (tx) => {
    const [before] = await configGet.inTx(tx, {});
    await configSet.inTx(tx, {
      weight_acceptance: c.weights.acceptance,
      weight_ppm: c.weights.ppm,
      weight_on_time: c.weights.onTime,
      ppm_zero: c.ppmZero,
      grade_a: c.gradeA,
      grade_b: c.gradeB,
    });
    await appendAudit(tx, {
      actor: change.actor,
      action: 'scorecard.config',
      subject: 'scorecard_config',
      before: before ? fromRow(before) : null,
      after: c,
      reason: change.reason,
    });
    return c;
  });
}

/**
 * The scorecard per supplier and period of receipt (UTC). A lot counts in the period it was
 * received; its acceptance is the verdict of its first incoming inspection. With `material`,
 * it compares every supplier of that material.
 */
export async function supplierScorecard(db: DuckStore, f: ScorecardFilter): Promise<ScorecardRow[]> {
  const params = {
    period: f.period,
    from: utc(f.from),
    to: utc(f.to),
    supplier: f.supplier ?? null,
    material: f.material ?? null,
  };
  const [rows, qty, cfg, eightD] = await Promise.all([
    suppliers.all(db, params),
    quantities.all(db, params),
    getScorecardConfig(db),
    eightDFigures(db, { period: f.period, from: params.from, to: params.to, supplier: params.supplier }),
  ]);
  const byKey = new Map<string, { uom: string | null; quantity: number }[]>();
  for (const q of qty) {
    const k = `${q.supplier}\u0000${q.period_start}`;
    const list = byKey.get(k) ?? [];
    list.push({ uom: q.uom, quantity: q.quantity ?? 0 });
    byKey.set(k, list);
  }
  const cases = new Map<string, EightDFigures>(eightD.map((e) => [`${e.supplier}\u0000${e.periodStart}`, e]));
  const out: ScorecardRow[] = rows.map((r) => {
    const acceptanceRate = r.lots_inspected === 0 ? null : r.lots_passed / r.lots_inspected;
    const ppmDefective = r.sampled === 0 ? null : (r.defective_sampled / r.sampled) * 1e6;
    const k = `${r.supplier}\u0000${r.period_start}`;
    const e = cases.get(k);
    cases.delete(k);
    return {
      supplier: r.supplier,
      supplierName: r.supplier_name,
      period: f.period,
      periodStart: r.period_start,
      lotsReceived: r.lots_received,
      quantityReceived: byKey.get(k) ?? [],
      lotsInspected: r.lots_inspected,
      lotsPassed: r.lots_passed,
      acceptanceRate,
      ppmDefective,
      ppmBasis: { defective: r.defective_sampled, sampleSize: r.sampled },
      defectsBySeverity: { minor: r.minor, major: r.major, critical: r.critical },
      eightD: e?.opened ?? 0,
      daysToContainment: e?.meanDaysToContainment ?? null,
      daysToClosure: e?.meanDaysToClosure ?? null,
      onTimeDelivery: null,
      ...scoreOf({ acceptanceRate, ppmDefective, onTimeDelivery: null }, cfg),
    };
  });
  // A supplier-period with 8D cases but no receipt still shows its cases (not when comparing
  // the suppliers of one material: an 8D case names no material).
  if (!f.material) {
    const names = new Map(rows.map((r) => [r.supplier, r.supplier_name]));
    const extra = cases.size > 0;
    for (const e of cases.values())
      out.push({
        supplier: e.supplier,
        supplierName: names.get(e.supplier) ?? null,
        period: f.period,
        periodStart: e.periodStart,
        lotsReceived: 0,
        quantityReceived: [],
        lotsInspected: 0,
        lotsPassed: 0,
        acceptanceRate: null,
        ppmDefective: null,
        ppmBasis: { defective: 0, sampleSize: 0 },
        defectsBySeverity: { minor: 0, major: 0, critical: 0 },
        eightD: e.opened,
        daysToContainment: e.meanDaysToContainment,
        daysToClosure: e.meanDaysToClosure,
        onTimeDelivery: null,
        score: null,
        grade: null,
      });
    if (extra)
      out.sort((a, b) =>
        a.supplier < b.supplier
          ? -1
          : a.supplier > b.supplier
            ? 1
            : a.periodStart.localeCompare(b.periodStart),
      );
  }
  return out;
}

export interface ScorecardLot {
  lot: string;
  objectId: string;
  material: string | null;
  receivedAt: string;
  quantity: number | null;
  uom: string | null;
  receiptEventId: string;
  /** the first incoming inspection with a verdict; null when the lot was not inspected */
  inspection: {
    eventId: string;
    inspectedAt: string;
    result: string;
    sampleSize: number | null;
    defective: number;
    defectsBySeverity: { minor: number; major: number; critical: number };
  } | null;
}

/** The lots (and their first incoming inspections) behind one supplier-period of the scorecard. */
export async function scorecardLots(
  db: DuckStore,
  q: { supplier: string; period: ScorecardPeriod; start: string },
): Promise<ScorecardLot[]> {
  const rows = await lots.all(db, q);
  return rows.map((r) => ({
    lot: r.lot,
    objectId: r.object_id,
    material: r.material,
    receivedAt: r.received_at,
    quantity: r.quantity,
    uom: r.uom,
    receiptEventId: r.receipt_event_id,
    inspection:
      r.inspection_event_id === null
        ? null
        : {
            eventId: r.inspection_event_id,
            inspectedAt: r.inspected_at ?? '',
            result: r.result ?? '',
            sampleSize: r.sample_size,
            defective: r.defective ?? 0,
            defectsBySeverity: { minor: r.minor ?? 0, major: r.major ?? 0, critical: r.critical ?? 0 },
          },
  }));
}
