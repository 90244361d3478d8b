// Yield versus process parameters and input lots: which setting or which lot hurts first-pass
// yield, with its significance. SQL counts; the statistics are here.
import { z } from 'zod';
import type { DuckStore } from './duckdb.ts';
import { defineQuery, sqlNumber } from './query.ts';
import { benjaminiHochberg, fisherExact, wilson } from './stats.ts';

const scope = z.object({ step: z.string(), inspection: z.string() });

const units = defineQuery('yield_units', {
  params: scope,
  row: z.object({ unit: z.string(), failed: z.boolean() }),
});
const unitLevels = defineQuery('yield_unit_levels', {
  params: scope.extend({ bins: z.number().int().min(2).max(50) }),
  row: z.object({
    unit: z.string(),
    kind: z.enum(['input_lot', 'parameter']),
    name: z.string(),
    bin: sqlNumber.nullable(),
  }),
});
const parameterBins = defineQuery('yield_parameter_bins', {
  params: scope.extend({ bins: z.number().int().min(2).max(50) }),
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
const correlation = defineQuery('yield_parameter_correlation', {
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

/** One level of one factor (a lot, or a bin of a parameter) and the units that saw it. */
interface Level {
  kind: Factor['kind'];
  name: string;
  level: Factor['level'];
  units: number[];
}

/** Each level tested against the other units still in play; most significant first. */
function testLevels(
  levels: Level[],
  failed: boolean[],
  inPlay: boolean[],
): { factor: Factor; level: Level }[] {
  let N = 0;
  let F = 0;
  inPlay.forEach((on, i) => {
    if (on) {
      N++;
      if (failed[i]) F++;
    }
  });
  const tested: { factor: Omit<Factor, 'adjustedP'>; level: Level }[] = [];
  for (const l of levels) {
    let n = 0;
    let f = 0;
    for (const u of l.units)
      if (inPlay[u]) {
        n++;
        if (failed[u]) f++;
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
  const unitRows = await units.all(db, scopeArgs);
  const index = new Map(unitRows.map((u, i) => [u.unit, i]));
  const failed = unitRows.map((u) => u.failed);
  const ranges = new Map(
    (await parameterBins.all(db, { ...scopeArgs, bins })).map((b) => [`${b.parameter}|${b.bin}`, b]),
  );
  const levels = new Map<string, Level>();
  for (const r of await unitLevels.all(db, { ...scopeArgs, bins })) {
    const key = `${r.kind}|${r.name}|${r.bin ?? ''}`;
    let l = levels.get(key);
    if (!l) {
      const range = r.bin === null ? undefined : ranges.get(`${r.name}|${r.bin}`);
      l = {
        kind: r.kind,
        name: r.name,
        level: range ? { lo: range.lo, hi: range.hi, uom: range.uom } : null,
        units: [],
      };
      levels.set(key, l);
    }
    l.units.push(index.get(r.unit)!);
  }
  const all = [...levels.values()];
  const inPlay = failed.map(() => true);
  let round = testLevels(all, failed, inPlay);
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
    for (const u of pick.level.units) inPlay[u] = false;
    round = testLevels(all, failed, inPlay);
  }
  return {
    units: unitRows.length,
    fails: failed.filter(Boolean).length,
    drivers,
    factors: [...factors.values()],
  };
}

/** Yield per bin of one parameter with 95 % intervals, and the parameter's correlation with failure. */
export async function parameterYield(db: DuckStore, s: YieldScope & { parameter: string; bins?: number }) {
  const bins = (await parameterBins.all(db, { step: s.step, inspection: s.inspection, bins: s.bins ?? 10 }))
    .filter((b) => b.parameter === s.parameter)
    .map((b) => {
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
