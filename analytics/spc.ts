// p-chart of the incoming-inspection lot pass rate: SQL counts lots and passes per period; the
// centre line, per-point 3-sigma limits and the Western Electric rules are computed here.
import { z } from 'zod';
import type { DuckStore } from './duckdb.ts';
import { defineQuery, sqlNumber } from './query.ts';

export const SPC_PERIODS = ['month', 'week'] as const;
export type SpcPeriod = (typeof SPC_PERIODS)[number];

const incoming = defineQuery('spc_incoming', {
  params: z.object({ period: z.enum(SPC_PERIODS), supplier: z.string().nullable() }),
  row: z.object({ period_start: z.string(), inspected: sqlNumber, passed: sqlNumber }),
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
