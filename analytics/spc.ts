// p-chart of the incoming-inspection lot pass rate and u-chart of defects per unit at in-process
// and final inspections: SQL counts per period; the centre lines, per-point 3-sigma limits and the
// Western Electric rules are computed here.
import { z } from 'zod';
import type { DuckStore } from './duckdb.ts';
import { ensureFacts } from './facts.ts';
import { defineQuery, sqlNumber } from './query.ts';

export const SPC_PERIODS = ['month', 'week'] as const;
export type SpcPeriod = (typeof SPC_PERIODS)[number];

const incoming = defineQuery('spc_incoming', {
  before: ensureFacts,
  params: z.object({ period: z.enum(SPC_PERIODS), supplier: z.string().nullable() }),
  row: z.object({ period_start: z.string(), inspected: sqlNumber, passed: sqlNumber }),
});

const optText = z.string().nullable();
const defects = defineQuery('spc_defects', {
  before: ensureFacts,
  params: z.object({
    period: z.enum(SPC_PERIODS),
    inspection: z.string(),
    step: optText,
    line: optText,
    from: optText,
    to: optText,
  }),
  row: z.object({ period_start: z.string(), units: sqlNumber, defects: sqlNumber }),
});

export interface PChartPoint {
  periodStart: string;
  n: number;
  passed: number;
  p: number;
  /** p̄ − 3σᵢ and p̄ + 3σᵢ, σᵢ = √(p̄(1 − p̄)/nᵢ), clipped to [0, 1] */
  lcl: number;
  ucl: number;
  /** (p − p̄)/σᵢ; 0 when σᵢ is 0 */
  z: number;
  /** Western Electric rules this point triggers (1: beyond 3σ; 2, 3, 4: see wePatterns) */
  rules: number[];
  beyondLimits: boolean;
}

export interface PChart {
  centre: number | null;
  points: PChartPoint[];
}

/**
 * Builds a p-chart from per-period counts. Rules are evaluated on zᵢ (each point against its own σᵢ):
 * 1 — the point is beyond 3σ; 2 — it is the 2nd of 2 out of 3 consecutive points beyond 2σ on
 * the same side; 3 — the 4th of 4 out of 5 consecutive points beyond 1σ on the same side; 4 — the
 * 8th of 8 consecutive points on the same side of the centre line. A rule flags the point that
 * completes the pattern, and only when that point is itself beyond the zone.
 */
export function pChart(rows: { periodStart: string; n: number; passed: number }[]): PChart {
  const used = rows.filter((r) => r.n > 0);
  const N = used.reduce((s, r) => s + r.n, 0);
  if (N === 0) return { centre: null, points: [] };
  const pBar = used.reduce((s, r) => s + r.passed, 0) / N;
  const base = used.map((r) => {
    const sigma = Math.sqrt((pBar * (1 - pBar)) / r.n);
    const p = r.passed / r.n;
    const z = sigma === 0 ? 0 : (p - pBar) / sigma;
    return {
      periodStart: r.periodStart,
      n: r.n,
      passed: r.passed,
      p,
      lcl: Math.max(0, pBar - 3 * sigma),
      ucl: Math.min(1, pBar + 3 * sigma),
      z,
    };
  });
  const zs = base.map((b) => b.z);
  return {
    centre: pBar,
    points: base.map((b, i) => {
      const rules = wePatterns(zs, i);
      return { ...b, rules, beyondLimits: rules.includes(1) };
    }),
  };
}

/** Western Electric rules 1–4 triggered at index i of a z-score series (see pChart). */
export function wePatterns(z: number[], i: number): number[] {
  const out: number[] = [];
  const zi = z[i]!;
  if (Math.abs(zi) > 3) out.push(1);
  const side = Math.sign(zi);
  const window = (len: number) => (i + 1 >= len ? z.slice(i + 1 - len, i + 1) : null);
  const beyond = (w: number[], k: number) => w.filter((v) => Math.sign(v) === side && Math.abs(v) > k).length;
  const w3 = window(3);
  if (side !== 0 && Math.abs(zi) > 2 && w3 && beyond(w3, 2) >= 2) out.push(2);
  const w5 = window(5);
  if (side !== 0 && Math.abs(zi) > 1 && w5 && beyond(w5, 1) >= 4) out.push(3);
  const w8 = window(8);
  if (side !== 0 && w8 && w8.every((v) => Math.sign(v) === side)) out.push(4);
  return out;
}

/**
 * p-chart of the incoming-inspection lot pass rate (first verdict per lot) per month or ISO week,
 * of every supplier's lots or of one supplier's.
 */
export async function incomingPChart(
  db: DuckStore,
  period: SpcPeriod,
  supplier: string | null = null,
): Promise<PChart> {
  const rows = await incoming.all(db, { period, supplier });
  return pChart(rows.map((r) => ({ periodStart: r.period_start, n: r.inspected, passed: r.passed })));
}

export interface UChartPoint {
  periodStart: string;
  /** distinct units whose first inspection of the kind fell in the period */
  units: number;
  /** defects found on those inspections (a defect on an inspection of k units counts 1/k on each) */
  defects: number;
  /** defects / units */
  u: number;
  /** ū ∓ 3σᵢ, σᵢ = √(ū/nᵢ); the lower one clipped at 0 */
  lcl: number;
  ucl: number;
  /** (u − ū)/σᵢ; 0 when σᵢ is 0 */
  z: number;
  /** Western Electric rules this point triggers, as for the p-chart (wePatterns) */
  rules: number[];
  beyondLimits: boolean;
}

export interface UChart {
  /** ū = Σ defects / Σ units over every period shown; null without units */
  ubar: number | null;
  points: UChartPoint[];
}

/**
 * Builds a u-chart (defects per unit, Poisson) from per-period counts: ū = Σdefects/Σunits, per point
 * σᵢ = √(ū/nᵢ), limits ū ± 3σᵢ (the lower clipped at 0), zᵢ = (uᵢ − ū)/σᵢ and Western Electric
 * rules 1–4 on zᵢ exactly as pChart evaluates them.
 */
export function uChart(rows: { periodStart: string; units: number; defects: number }[]): UChart {
  const used = rows.filter((r) => r.units > 0);
  const N = used.reduce((s, r) => s + r.units, 0);
  if (N === 0) return { ubar: null, points: [] };
  const uBar = used.reduce((s, r) => s + r.defects, 0) / N;
  const base = used.map((r) => {
    const sigma = Math.sqrt(uBar / r.units);
    const u = r.defects / r.units;
    return {
      periodStart: r.periodStart,
      units: r.units,
      defects: r.defects,
      u,
      lcl: Math.max(0, uBar - 3 * sigma),
      ucl: uBar + 3 * sigma,
      z: sigma === 0 ? 0 : (u - uBar) / sigma,
    };
  });
  const zs = base.map((b) => b.z);
  return {
    ubar: uBar,
    points: base.map((b, i) => {
      const rules = wePatterns(zs, i);
      return { ...b, rules, beyondLimits: rules.includes(1) };
    }),
  };
}

export interface DefectsScope {
  period: SpcPeriod;
  /** the inspection kind, e.g. 'fct', 'aoi', 'final'; a unit counts at its first inspection of it */
  inspection: string;
  /** only units made by an operation of this step */
  step?: string | null | undefined;
  /** only units made on this line (the operation's read point, else its business location) */
  line?: string | null | undefined;
  /** ISO 8601; first inspections at or after */
  from?: string | null | undefined;
  /** ISO 8601; first inspections before */
  to?: string | null | undefined;
}

/**
 * u-chart of defects per unit at the first inspection of one kind (in-process or final), per month
 * or ISO week of that inspection, optionally for the units of one step or line.
 */
export async function defectsUChart(db: DuckStore, s: DefectsScope): Promise<UChart> {
  const rows = await defects.all(db, {
    period: s.period,
    inspection: s.inspection,
    step: s.step ?? null,
    line: s.line ?? null,
    from: s.from ?? null,
    to: s.to ?? null,
  });
  return uChart(rows.map((r) => ({ periodStart: r.period_start, units: r.units, defects: r.defects })));
}
