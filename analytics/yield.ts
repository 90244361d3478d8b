// Yield versus process parameters and input lots: which setting or which lot hurts first-pass
// yield, with its significance. SQL counts; the statistics are here.
import { z } from 'zod';
import type { DuckStore } from './duckdb.ts';
import { ensureFacts } from './facts.ts';
import { defineQuery, sqlNumber } from './query.ts';
import { SPC_PERIODS, type SpcPeriod } from './spc.ts';
import { benjaminiHochberg, fisherExact, wilson } from './stats.ts';

const scope = z.object({ step: z.string(), inspection: z.string() });

const cells = defineQuery('yield_cells', {
  before: ensureFacts,
  params: scope.extend({ bins: z.number().int().min(2).max(50) }),
  row: z.object({
    cell: sqlNumber,
    units: sqlNumber,
    fails: sqlNumber,
    kind: z.enum(['input_lot', 'parameter']).nullable(),
    name: z.string().nullable(),
    bin: sqlNumber.nullable(),
  }),
});
const parameterBins = defineQuery('yield_parameter_bins', {
  before: ensureFacts,
  params: scope.extend({ parameter: z.string().nullable(), bins: z.number().int().min(2).max(50) }),
  row: z.object({
    parameter: z.string(),
    uom: z.string().nullable(),
    bin: sqlNumber,
    lo: z.number(),
    hi: z.number(),
    units: sqlNumber,
    fails: sqlNumber,
  }),
});
/** What first-pass yield over time is split by: the step, line or equipment of the operation that made the unit. */
export const FPY_KEYS = ['step', 'line', 'equipment'] as const;
export type FpyKey = (typeof FPY_KEYS)[number];

const optText = z.string().nullable();
const fpy = defineQuery('yield_fpy', {
  before: ensureFacts,
  params: z.object({
    period: z.enum(SPC_PERIODS),
    by: z.enum(FPY_KEYS),
    inspection: z.string(),
    from: optText,
    to: optText,
  }),
  row: z.object({ key: optText, period_start: z.string(), units: sqlNumber, passed: sqlNumber }),
});
const heatmap = defineQuery('yield_heatmap', {
  before: ensureFacts,
  params: scope.extend({
    parameter: z.string(),
    bins: z.number().int().min(2).max(50),
    material: optText,
  }),
  row: z.object({
    bin: sqlNumber,
    lot: z.string(),
    material: optText,
    supplier: optText,
    units: sqlNumber,
    fails: sqlNumber,
  }),
});
const points = defineQuery('yield_points', {
  before: ensureFacts,
  params: scope.extend({ parameter: z.string(), limit: z.number().int().min(1) }),
  row: z.object({
    unit: z.string(),
    value: z.number(),
    uom: optText,
    failed: z.boolean(),
    total: sqlNumber,
  }),
});
const correlation = defineQuery('yield_parameter_correlation', {
  before: ensureFacts,
  params: scope,
  row: z.object({ parameter: z.string(), units: sqlNumber, correlation: z.number().nullable() }),
});

export interface YieldScope {
  /** the process step whose output units are judged, e.g. 'smt_reflow' */
  step: string;
  /** the inspection kind that judges them, first result per unit, e.g. 'fct' */
  inspection: string;
}

export interface Factor {
  kind: 'parameter' | 'input_lot';
  /** the parameter name, or the lot id */
  name: string;
  /** for a parameter: the bin with the strongest effect, as a value range */
  level: { lo: number; hi: number; uom: string | null } | null;
  units: number;
  fails: number;
  failRate: number;
  /** failure rate of all other units of the step */
  otherFailRate: number;
  /** failRate / otherFailRate (Infinity when the others never fail) */
  ratio: number;
  /** two-sided Fisher exact test, this level against the rest */
  pValue: number;
  /** Benjamini–Hochberg adjusted over every level tested */
  adjustedP: number;
}

const rate = (f: number, n: number) => (n === 0 ? 0 : f / n);

/** One level of one factor (a lot, or a bin of a parameter) and the cells of units that saw it. */
interface Level {
  kind: Factor['kind'];
  name: string;
  level: Factor['level'];
  cells: number[];
}

/** Units that saw the same levels, counted together (yield_cells). */
interface Cells {
  units: number[];
  fails: number[];
}

/** Each level tested against the other units still in play; most significant first. */
function testLevels(levels: Level[], c: Cells, inPlay: boolean[]): { factor: Factor; level: Level }[] {
  let N = 0;
  let F = 0;
  inPlay.forEach((on, i) => {
    if (on) {
      N += c.units[i]!;
      F += c.fails[i]!;
    }
  });
  const tested: { factor: Omit<Factor, 'adjustedP'>; level: Level }[] = [];
  for (const l of levels) {
    let n = 0;
    let f = 0;
    for (const i of l.cells)
      if (inPlay[i]) {
        n += c.units[i]!;
        f += c.fails[i]!;
      }
    if (n === 0 || n === N) continue; // nothing to compare against
    const failRate = rate(f, n);
    const otherFailRate = rate(F - f, N - n);
    tested.push({
      level: l,
      factor: {
        kind: l.kind,
        name: l.name,
        level: l.level,
        units: n,
        fails: f,
        failRate,
        otherFailRate,
        ratio: otherFailRate === 0 ? (failRate === 0 ? 1 : Infinity) : failRate / otherFailRate,
        pValue: fisherExact(f, n - f, F - f, N - n - (F - f)),
      },
    });
  }
  const adjusted = benjaminiHochberg(tested.map((t) => t.factor.pValue));
  return tested
    .map((t, i) => ({ level: t.level, factor: { ...t.factor, adjustedP: adjusted[i]! } }))
    .sort(
      (a, b) =>
        a.factor.pValue - b.factor.pValue ||
        b.factor.ratio - a.factor.ratio ||
        a.factor.name.localeCompare(b.factor.name),
    );
}

export interface YieldFactors {
  units: number;
  fails: number;
  /**
   * The drivers, found one after another: the most significant harmful level, then the most
   * significant among the units it does not explain, and so on while adjusted p < 0.05. Lots
   * that merely ran beside a bad lot drop out once the bad lot's units are set aside.
   */
  drivers: (Factor & { round: number })[];
  /** every factor once, by its most significant level against all units (no setting aside) */
  factors: Factor[];
}

/**
 * Which input lot or which process setting hurts first-pass yield of a step: every input lot
 * and every bin of every numeric parameter is tested (Fisher exact, Benjamini–Hochberg), and
 * the drivers are selected stepwise so that confounded factors do not crowd the top.
 */
export async function yieldFactors(
  db: DuckStore,
  s: YieldScope & { bins?: number; maxDrivers?: number },
): Promise<YieldFactors> {
  const bins = s.bins ?? 10;
  const scopeArgs = { step: s.step, inspection: s.inspection };
  const ranges = new Map(
    (await parameterBins.all(db, { ...scopeArgs, parameter: null, bins })).map((b) => [
      `${b.parameter}|${b.bin}`,
      b,
    ]),
  );
  const c: Cells = { units: [], fails: [] };
  const levels = new Map<string, Level>();
  for (const r of await cells.all(db, { ...scopeArgs, bins })) {
    const i = r.cell - 1;
    c.units[i] = r.units;
    c.fails[i] = r.fails;
    if (r.kind === null || r.name === null) continue;
    const key = `${r.kind}|${r.name}|${r.bin ?? ''}`;
    let l = levels.get(key);
    if (!l) {
      const range = r.bin === null ? undefined : ranges.get(`${r.name}|${r.bin}`);
      l = {
        kind: r.kind,
        name: r.name,
        level: range ? { lo: range.lo, hi: range.hi, uom: range.uom } : null,
        cells: [],
      };
      levels.set(key, l);
    }
    l.cells.push(i);
  }
  const all = [...levels.values()];
  const inPlay = c.units.map(() => true);
  let round = testLevels(all, c, inPlay);
  // Against all units, a factor is as strong as its most significant level.
  const factors = new Map<string, Factor>();
  for (const { factor: f } of round)
    if (!factors.has(`${f.kind}|${f.name}`)) factors.set(`${f.kind}|${f.name}`, f);
  const drivers: YieldFactors['drivers'] = [];
  const used = new Set<string>();
  while (drivers.length < (s.maxDrivers ?? 5)) {
    const pick = round.find(({ factor: f }) => f.ratio > 1 && !used.has(`${f.kind}|${f.name}`));
    if (!pick || pick.factor.adjustedP >= 0.05) break;
    drivers.push({ ...pick.factor, round: drivers.length + 1 });
    used.add(`${pick.factor.kind}|${pick.factor.name}`);
    for (const i of pick.level.cells) inPlay[i] = false;
    round = testLevels(all, c, inPlay);
  }
  return {
    units: c.units.reduce((a, b) => a + b, 0),
    fails: c.fails.reduce((a, b) => a + b, 0),
    drivers,
    factors: [...factors.values()],
  };
}

/** Yield per bin of one parameter with 95 % intervals, and the parameter's correlation with failure. */
export async function parameterYield(db: DuckStore, s: YieldScope & { parameter: string; bins?: number }) {
  const bins = (
    await parameterBins.all(db, {
      step: s.step,
      inspection: s.inspection,
      parameter: s.parameter,
      bins: s.bins ?? 10,
    })
  ).map((b) => {
    const ci = wilson(b.units - b.fails, b.units);
    return {
      bin: b.bin,
      lo: b.lo,
      hi: b.hi,
      uom: b.uom,
      units: b.units,
      fails: b.fails,
      yield: rate(b.units - b.fails, b.units),
      yieldLo: ci.lo,
      yieldHi: ci.hi,
    };
  });
  const corr = (await correlation.all(db, s)).find((c) => c.parameter === s.parameter);
  return { parameter: s.parameter, bins, correlationWithFailure: corr?.correlation ?? null };
}

/** The series of units whose making operation does not say (no step, line or equipment). */
export const UNATTRIBUTED = '(none)';

export interface FpyPoint {
  periodStart: string;
  /** units whose first inspection of the kind fell in the period */
  units: number;
  /** of them, passed at that first inspection */
  passed: number;
  /** passed / units */
  fpy: number;
  /** Wilson 95 % interval of fpy */
  low: number;
  high: number;
}

export interface FpyTrend {
  period: SpcPeriod;
  by: FpyKey;
  series: { key: string; points: FpyPoint[] }[];
}

/**
 * Groups per-key, per-period first-pass counts into series (keys in order, UNATTRIBUTED last),
 * with fpy = passed / units and its Wilson 95 % interval.
 */
export function fpySeries(
  rows: { key: string | null; periodStart: string; units: number; passed: number }[],
): FpyTrend['series'] {
  const series = new Map<string | null, FpyPoint[]>();
  for (const r of rows) {
    if (r.units === 0) continue;
    const ci = wilson(r.passed, r.units);
    const list = series.get(r.key) ?? [];
    list.push({
      periodStart: r.periodStart,
      units: r.units,
      passed: r.passed,
      fpy: r.passed / r.units,
      low: ci.lo,
      high: ci.hi,
    });
    series.set(r.key, list);
  }
  return [...series.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([key, pts]) => ({
      key: key ?? UNATTRIBUTED,
      points: pts.sort((x, y) => (x.periodStart < y.periodStart ? -1 : 1)),
    }));
}

/**
 * First-pass yield per month or ISO week of the first inspection of one kind, one series per
 * step, line or equipment of the operation that made the unit (the last maker at or before that
 * inspection). First inspections in [from, to).
 */
export async function firstPassYieldTrend(
  db: DuckStore,
  s: {
    period: SpcPeriod;
    by: FpyKey;
    inspection: string;
    from?: string | null | undefined;
    to?: string | null | undefined;
  },
): Promise<FpyTrend> {
  const rows = await fpy.all(db, {
    period: s.period,
    by: s.by,
    inspection: s.inspection,
    from: s.from ?? null,
    to: s.to ?? null,
  });
  return {
    period: s.period,
    by: s.by,
    series: fpySeries(rows.map((r) => ({ ...r, periodStart: r.period_start }))),
  };
}

export interface HeatmapCell {
  bin: number;
  lot: string;
  units: number;
  fails: number;
  /** (units − fails) / units */
  yield: number;
  /** Wilson 95 % interval of yield */
  low: number;
  high: number;
}

export interface YieldHeatmap extends YieldScope {
  parameter: string;
  /** the parameter's equal-count bins over every unit of the step (those of /yield/parameter) */
  bins: { bin: number; lo: number; hi: number; uom: string | null; units: number; fails: number }[];
  /** the input lots shown, most units first (ties by id) */
  lots: { lot: string; material: string | null; supplier: string | null; units: number; fails: number }[];
  /** lots left out beyond maxLots */
  lotsOmitted: number;
  /** one per bin and lot shown that share units; absent where none */
  cells: HeatmapCell[];
}

/**
 * First-pass yield per bin of one parameter × input lot of the making operation (do a lot and a
 * setting hurt together?), with Wilson 95 % intervals. Bins as parameterYield, lots as yieldFactors
 * attributes them; only lots of `material` when given; the `maxLots` lots with most units (default 30).
 */
export async function yieldHeatmap(
  db: DuckStore,
  s: YieldScope & { parameter: string; bins?: number; material?: string | null; maxLots?: number },
): Promise<YieldHeatmap> {
  const bins = s.bins ?? 5;
  const maxLots = s.maxLots ?? 30;
  const scopeArgs = { step: s.step, inspection: s.inspection, parameter: s.parameter, bins };
  const [binRows, cellRows] = await Promise.all([
    parameterBins.all(db, scopeArgs),
    heatmap.all(db, { ...scopeArgs, material: s.material ?? null }),
  ]);
  const lots = new Map<string, YieldHeatmap['lots'][number]>();
  for (const c of cellRows) {
    const l = lots.get(c.lot) ?? {
      lot: c.lot,
      material: c.material,
      supplier: c.supplier,
      units: 0,
      fails: 0,
    };
    // a unit has one bin per parameter, so the lot's units add up over its cells
    l.units += c.units;
    l.fails += c.fails;
    lots.set(c.lot, l);
  }
  const ranked = [...lots.values()].sort(
    (a, b) => b.units - a.units || (a.lot < b.lot ? -1 : a.lot > b.lot ? 1 : 0),
  );
  const shown = ranked.slice(0, maxLots);
  const keep = new Set(shown.map((l) => l.lot));
  return {
    step: s.step,
    inspection: s.inspection,
    parameter: s.parameter,
    bins: binRows.map((b) => ({
      bin: b.bin,
      lo: b.lo,
      hi: b.hi,
      uom: b.uom,
      units: b.units,
      fails: b.fails,
    })),
    lots: shown,
    lotsOmitted: ranked.length - shown.length,
    cells: cellRows
      .filter((c) => keep.has(c.lot))
      .map((c) => {
        const ci = wilson(c.units - c.fails, c.units);
        return {
          bin: c.bin,
          lot: c.lot,
          units: c.units,
          fails: c.fails,
          yield: rate(c.units - c.fails, c.units),
          low: ci.lo,
          high: ci.hi,
        };
      }),
  };
}

export interface ParameterPoints {
  parameter: string;
  uom: string | null;
  /** readings in scope before sampling */
  total: number;
  /** every reading, or `limit` of them chosen by a hash of the unit (the same ones on every call) */
  points: { unit: string; value: number; failed: boolean }[];
}

/**
 * One parameter's value against the first-pass outcome, per unit of a step, for a scatter plot:
 * all of them, or a deterministic sample of `limit` (default 5000) ordered by a hash of the unit.
 */
export async function parameterPoints(
  db: DuckStore,
  s: YieldScope & { parameter: string; limit?: number },
): Promise<ParameterPoints> {
  const rows = await points.all(db, {
    step: s.step,
    inspection: s.inspection,
    parameter: s.parameter,
    limit: s.limit ?? 5000,
  });
  return {
    parameter: s.parameter,
    uom: rows.find((r) => r.uom !== null)?.uom ?? null,
    total: rows[0]?.total ?? 0,
    points: rows.map((r) => ({ unit: r.unit, value: r.value, failed: r.failed })),
  };
}
