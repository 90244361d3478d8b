// Yield versus process parameters and input lots: which setting or which lot hurts first-pass
// yield, with its significance. SQL counts; the statistics are here.
import { z } from 'zod';
import type { DuckStore } from './duckdb.ts';
import { ensureFacts } from './facts.ts';
import { defineColumns, defineQuery, sqlNumber } from './query.ts';
import { SPC_PERIODS, type SpcPeriod } from './spc.ts';
import { fisherExact, fisherTableProbability, wilson } from './stats.ts';

const scope = z.object({ step: z.string(), inspection: z.string() });

const cells = defineColumns('yield_cells', {
  before: ensureFacts,
  params: scope.extend({ bins: z.number().int().min(2).max(50) }),
  columns: {
    kind: 'text',
    name: 'text',
    ops: 'numbers',
    units: 'numbers',
    fails: 'numbers',
    bins: 'numbers',
    range: 'numbers',
    uom: 'text',
  },
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
    max_lots: z.number().int().min(1),
  }),
  row: z.object({
    bin: sqlNumber,
    lot: optText,
    material: optText,
    supplier: optText,
    units: sqlNumber,
    fails: sqlNumber,
    lots: sqlNumber.nullable(),
    lo: z.number().nullable(),
    hi: z.number().nullable(),
    uom: optText,
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

/**
 * The levels (input lots, and bins of parameters) over the cells of units that saw them, in the
 * order they are tested: level k's cells are cells[start[k] .. start[k + 1]) (a cell twice where
 * the answer lists it twice).
 */
interface Levels {
  kind: Factor['kind'][];
  name: string[];
  level: Factor['level'][];
  start: Int32Array;
  cells: Int32Array;
}

/** Units that saw the same levels, counted together (yield_cells). */
interface Cells {
  units: Float64Array;
  fails: Float64Array;
}

// localeCompare's order (the default locale), with one collator instead of one per comparison
const byName = new Intl.Collator().compare;

/**
 * Each level tested against the other units still in play (Fisher exact, two-sided), as arrays by
 * level: `tested` is false where the level has no units in play or all of them. Levels with the
 * same counts share one test.
 */
interface Round {
  tested: Uint8Array;
  n: Float64Array;
  f: Float64Array;
  N: number;
  F: number;
  p: Float64Array;
  ratio: Float64Array;
  /** Benjamini–Hochberg over the tested levels: adjusted p at each sorted position */
  adjustedAt: Float64Array;
  sortedP: Float64Array;
}

/**
 * The counts of the units in play, kept as cells are set aside: per level, and in all. A cell set
 * aside takes its units from every level that lists it (as often as it lists it), so a round
 * costs the cells it sets aside, not every level's cells again. Counts are integers: exact.
 */
class InPlay {
  readonly n: Float64Array;
  readonly f: Float64Array;
  N = 0;
  F = 0;
  private readonly inPlay: Uint8Array;
  // the levels that list each cell: levelsOf[cellStart[i] .. cellStart[i + 1])
  private readonly cellStart: Int32Array;
  private readonly levelsOf: Int32Array;

  constructor(
    private readonly levels: Levels,
    private readonly c: Cells,
  ) {
    const L = levels.kind.length;
    const C = c.units.length;
    this.n = new Float64Array(L);
    this.f = new Float64Array(L);
    this.inPlay = new Uint8Array(C).fill(1);
    for (let i = 0; i < C; i++) {
      this.N += c.units[i]!;
      this.F += c.fails[i]!;
    }
    const { start, cells } = levels;
    this.cellStart = new Int32Array(C + 1);
    for (let j = 0; j < cells.length; j++) this.cellStart[cells[j]! + 1]!++;
    for (let i = 0; i < C; i++) this.cellStart[i + 1]! += this.cellStart[i]!;
    const fill = this.cellStart.slice(0, C);
    this.levelsOf = new Int32Array(cells.length);
    for (let k = 0; k < L; k++) {
      let n = 0;
      let f = 0;
      for (let j = start[k]!; j < start[k + 1]!; j++) {
        const i = cells[j]!;
        n += c.units[i]!;
        f += c.fails[i]!;
        this.levelsOf[fill[i]!++] = k;
      }
      this.n[k] = n;
      this.f[k] = f;
    }
  }

  /** Sets level k's cells aside. */
  setAside(k: number): void {
    const { start, cells } = this.levels;
    for (let j = start[k]!; j < start[k + 1]!; j++) {
      const i = cells[j]!;
      if (!this.inPlay[i]) continue;
      this.inPlay[i] = 0;
      const u = this.c.units[i]!;
      const x = this.c.fails[i]!;
      this.N -= u;
      this.F -= x;
      for (let e = this.cellStart[i]!; e < this.cellStart[i + 1]!; e++) {
        const l = this.levelsOf[e]!;
        this.n[l]! -= u;
        this.f[l]! -= x;
      }
    }
  }
}

function testRound(counts: InPlay): Round {
  const { N, F } = counts;
  const L = counts.n.length;
  const r: Round = {
    tested: new Uint8Array(L),
    n: counts.n.slice(),
    f: counts.f.slice(),
    N,
    F,
    p: new Float64Array(L),
    ratio: new Float64Array(L),
    adjustedAt: new Float64Array(0),
    sortedP: new Float64Array(0),
  };
  // levels with the same counts share one test (many lots feed as many boards, with as many fails)
  const shared = new Map<number, number>();
  const tested = new Int32Array(L);
  let m = 0;
  for (let k = 0; k < L; k++) {
    const n = r.n[k]!;
    const f = r.f[k]!;
    if (n === 0 || n === N) continue; // nothing to compare against
    r.tested[k] = 1;
    tested[m++] = k;
    const failRate = rate(f, n);
    const otherFailRate = rate(F - f, N - n);
    r.ratio[k] = otherFailRate === 0 ? (failRate === 0 ? 1 : Infinity) : failRate / otherFailRate;
    // one number per (n, f) while both are below 2^26
    const key = n < 67108864 && f < 67108864 ? n * 67108864 + f : -1;
    let p = key < 0 ? undefined : shared.get(key);
    if (p === undefined) {
      p = fisherExact(f, n - f, F - f, N - n - (F - f));
      if (key >= 0) shared.set(key, p);
    }
    r.p[k] = p;
  }
  // benjaminiHochberg's running minimum from the largest p down, by sorted position
  r.sortedP = new Float64Array(m);
  for (let j = 0; j < m; j++) r.sortedP[j] = r.p[tested[j]!]!;
  r.sortedP.sort();
  r.adjustedAt = new Float64Array(m);
  let running = 1;
  for (let j = m - 1; j >= 0; j--) {
    running = Math.min(running, (r.sortedP[j]! * m) / (j + 1));
    r.adjustedAt[j] = running;
  }
  return r;
}

// fisherTableProbability bounds p from below up to rounding; this keeps the bound below it
const BOUND_MARGIN = 1 - 1e-6;

/**
 * A round after the first: only its pick (the most significant harmful level of a factor not
 * picked yet, the first listed on a tie) and the pick's Benjamini–Hochberg adjusted p are needed.
 * Every level's p is at least the probability of its own table (five lookups), so the exact test
 * runs only for the levels that bound lets be the pick, lie below the pick, or lower its adjusted
 * p; the others cannot change the answer. Returns the round (p filled where tested exactly), the
 * pick (-1: none) and its adjusted p, as testRound and adjustedP would give them.
 */
function nextPick(
  counts: InPlay,
  levels: Levels,
  eligible: (r: Round, k: number) => boolean,
): { round: Round; pick: number; adjusted: number } {
  const { N, F } = counts;
  const L = counts.n.length;
  const r: Round = {
    tested: new Uint8Array(L),
    n: counts.n.slice(),
    f: counts.f.slice(),
    N,
    F,
    p: new Float64Array(L).fill(NaN),
    ratio: new Float64Array(L),
    adjustedAt: new Float64Array(0),
    sortedP: new Float64Array(0),
  };
  const bound = new Float64Array(L);
  let m = 0;
  for (let k = 0; k < L; k++) {
    const n = r.n[k]!;
    const f = r.f[k]!;
    if (n === 0 || n === N) continue;
    r.tested[k] = 1;
    m++;
    const failRate = rate(f, n);
    const otherFailRate = rate(F - f, N - n);
    r.ratio[k] = otherFailRate === 0 ? (failRate === 0 ? 1 : Infinity) : failRate / otherFailRate;
    bound[k] = fisherTableProbability(f, n - f, F - f, N - n - (F - f)) * BOUND_MARGIN;
  }
  const shared = new Map<number, number>();
  const exact = (k: number): number => {
    let p = r.p[k]!;
    if (!Number.isNaN(p)) return p;
    const n = r.n[k]!;
    const f = r.f[k]!;
    const key = n < 67108864 && f < 67108864 ? n * 67108864 + f : -1;
    const known = key < 0 ? undefined : shared.get(key);
    p = known ?? fisherExact(f, n - f, F - f, N - n - (F - f));
    if (known === undefined && key >= 0) shared.set(key, p);
    r.p[k] = p;
    return p;
  };
  // the pick: every eligible level whose bound does not exceed the best p found so far is tested
  let first = -1;
  for (let k = 0; k < L; k++)
    if (r.tested[k] && eligible(r, k) && (first < 0 || bound[k]! < bound[first]!)) first = k;
  if (first < 0) return { round: r, pick: -1, adjusted: NaN };
  let best = exact(first);
  for (let k = 0; k < L; k++)
    if (r.tested[k] && eligible(r, k) && bound[k]! <= best) best = Math.min(best, exact(k));
  const order = before(levels, r);
  let pick = -1;
  for (let k = 0; k < L; k++)
    if (r.tested[k] && eligible(r, k) && !Number.isNaN(r.p[k]!) && (pick < 0 || order(k, pick) < 0)) pick = k;
  // its place among the tested p-values, and the running minimum of p·m/rank above it: the levels
  // whose p may lie below the pick's, or below its first candidate t, are tested
  const pPick = r.p[pick]!;
  for (let k = 0; k < L; k++) if (r.tested[k] && bound[k]! < pPick) exact(k);
  let lo = 0;
  for (let k = 0; k < L; k++) if (r.tested[k] && r.p[k]! < pPick) lo++;
  const t = Math.min(1, (pPick * m) / (lo + 1));
  const reach = t * (1 + 1e-9);
  for (let k = 0; k < L; k++) if (r.tested[k] && bound[k]! < t) exact(k);
  const below: number[] = [];
  for (let k = 0; k < L; k++) if (r.tested[k] && r.p[k]! < reach) below.push(r.p[k]!);
  const sortedP = Float64Array.from(below).sort();
  let adjusted = 1;
  for (let j = sortedP.length - 1; j >= lo; j--) adjusted = Math.min(adjusted, (sortedP[j]! * m) / (j + 1));
  return { round: r, pick, adjusted: Math.min(adjusted, t) };
}

/** A tested level's BH-adjusted p: tied p-values share the value at their first position. */
function adjustedP(r: Round, k: number): number {
  const p = r.p[k]!;
  let lo = 0;
  let hi = r.sortedP.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (r.sortedP[mid]! < p) lo = mid + 1;
    else hi = mid;
  }
  return r.adjustedAt[lo]!;
}

/** Most significant first: p, then the larger ratio, then the name. */
const before = (levels: Levels, r: Round) => (a: number, b: number) =>
  r.p[a]! - r.p[b]! || r.ratio[b]! - r.ratio[a]! || byName(levels.name[a]!, levels.name[b]!);

function factorOf(levels: Levels, r: Round, k: number): Factor {
  const n = r.n[k]!;
  const f = r.f[k]!;
  return {
    kind: levels.kind[k]!,
    name: levels.name[k]!,
    level: levels.level[k]!,
    units: n,
    fails: f,
    failRate: rate(f, n),
    otherFailRate: rate(r.F - f, r.N - n),
    ratio: r.ratio[k]!,
    pValue: r.p[k]!,
    adjustedP: adjustedP(r, k),
  };
}

/**
 * DuckDB's order of text (UTF-8 bytes, which is code point order), as the levels were ordered in
 * SQL before: UTF-16 units compared with surrogates moved above the rest of the BMP.
 */
function byBytes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800) x = x < 0xe000 ? x + 0x2000 : x - 0x800;
    if (y >= 0xd800) y = y < 0xe000 ? y + 0x2000 : y - 0x800;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * Operation log positions to their index in the sorted list of them: a bucket per span of
 * positions (about one operation each) says where its operations start. Half a megabyte for
 * 70,000 operations, looked up half a million times: it stays in the cache, where a hash table of
 * the positions would not.
 */
class SeqIndex {
  private readonly min: number;
  private readonly max: number;
  private readonly span: number;
  private readonly bucketStart: Int32Array;
  constructor(private readonly seqs: Float64Array) {
    const O = seqs.length;
    this.min = O ? seqs[0]! : 0;
    this.max = O ? seqs[O - 1]! : -1;
    let span = 1;
    while ((this.max - this.min) / span > O) span *= 2;
    this.span = span;
    const buckets = O ? Math.floor((this.max - this.min) / span) + 1 : 0;
    this.bucketStart = new Int32Array(buckets + 1);
    let i = 0;
    for (let b = 0; b <= buckets; b++) {
      while (i < O && Math.floor((seqs[i]! - this.min) / span) < b) i++;
      this.bucketStart[b] = i;
    }
  }
  /** the index, or -1 */
  get(seq: number): number {
    if (!(seq >= this.min && seq <= this.max)) return -1;
    const b = Math.floor((seq - this.min) / this.span);
    for (let i = this.bucketStart[b]!; i < this.bucketStart[b + 1]!; i++) if (this.seqs[i] === seq) return i;
    return -1;
  }
}

/**
 * The cells and levels of yield_cells' lists: an operation is one cell, or (when a bin boundary
 * falls among its units, or it reads a parameter twice) the cells of its 'cell' rows. Cells are
 * numbered by operation, then by their place; levels come in the order of the first cell they
 * appear in, then kind, name and bin, as the cell-by-cell rows listed them before.
 */
function cellsAndLevels(
  answer: Awaited<ReturnType<typeof cells.columns>>,
  ranges: Map<string, { lo: number; hi: number; uom: string | null }>,
): { c: Cells; levels: Levels } {
  const { kind, name, ops, units, fails, bins } = answer.columns;
  const at = ops.offsets;
  const seqs = ops.values;
  // the operations as (log position, units, failures), put in log order: the positions sorted as
  // numbers (a typed-array sort, no comparator), then each triple placed by its position
  const opsRow = kind.indexOf('operations');
  const triples = opsRow < 0 ? new Float64Array(0) : seqs.subarray(at[opsRow]!, at[opsRow + 1]!);
  const O = triples.length / 3;
  const opSeqs = new Float64Array(O);
  for (let i = 0; i < O; i++) opSeqs[i] = triples[3 * i]!;
  opSeqs.sort();
  const index = new SeqIndex(opSeqs);
  const opUnits = new Float64Array(O);
  const opFails = new Float64Array(O);
  for (let i = 0; i < O; i++) {
    const op = index.get(triples[3 * i]!);
    opUnits[op] = triples[3 * i + 1]!;
    opFails[op] = triples[3 * i + 2]!;
  }
  // the cells of complex operations: their readings' rows by operation and place
  const split = new Map<
    number,
    { place: number; units: number; fails: number; levels: [string, number][] }[]
  >();
  for (let r = 0; r < answer.rows; r++) {
    if (kind[r] !== 'cell') continue;
    const op = index.get(seqs[at[r]!]!);
    const place = seqs[at[r]! + 1]!;
    const cellsOfOp = split.get(op) ?? [];
    let cell = cellsOfOp.find((x) => x.place === place);
    if (!cell)
      cellsOfOp.push(
        (cell = {
          place,
          units: units.values[units.offsets[r]!]!,
          fails: fails.values[fails.offsets[r]!]!,
          levels: [],
        }),
      );
    cell.levels.push([name[r]!, bins.values[bins.offsets[r]!]!]);
    split.set(op, cellsOfOp);
  }
  const opFirst = new Int32Array(O);
  const opCells = new Int32Array(O);
  const complexOp = new Uint8Array(O);
  let count = O;
  for (const x of split.values()) count += x.length - 1;
  const c: Cells = { units: new Float64Array(count), fails: new Float64Array(count) };
  const complex: { cell: number; parameter: string; bin: number }[] = [];
  let next = 0;
  for (let op = 0; op < O; op++) {
    opFirst[op] = next;
    const cellsOfOp = split.get(op);
    if (!cellsOfOp) {
      c.units[next] = opUnits[op]!;
      c.fails[next] = opFails[op]!;
      opCells[op] = 1;
      next++;
      continue;
    }
    opCells[op] = cellsOfOp.length;
    complexOp[op] = 1;
    for (const cell of cellsOfOp.sort((a, b) => a.place - b.place)) {
      c.units[next] = cell.units;
      c.fails[next] = cell.fails;
      for (const [parameter, bin] of cell.levels) complex.push({ cell: next, parameter, bin });
      next++;
    }
  }
  // the levels: a lot's cells are those of the operations that took it in; a parameter bin's those
  // of the simple operations in it, and the complex cells that read it
  interface Draft {
    kind: Factor['kind'];
    name: string;
    bin: number | null;
    rows: number[];
    extra: number[];
    size: number;
    first: number;
  }
  // by kind, then name (and bin): no key text built per row
  const lotDrafts = new Map<string, Draft>();
  const binDrafts = new Map<string, Map<number, Draft>>();
  const drafts: Draft[] = [];
  const draft = (k: Factor['kind'], n: string, bin: number | null): Draft => {
    let byBin: Map<number, Draft> | undefined;
    let d: Draft | undefined;
    if (bin === null) d = lotDrafts.get(n);
    else {
      byBin = binDrafts.get(n);
      if (!byBin) binDrafts.set(n, (byBin = new Map()));
      d = byBin.get(bin);
    }
    if (!d) {
      d = { kind: k, name: n, bin, rows: [], extra: [], size: 0, first: Infinity };
      drafts.push(d);
      if (byBin) byBin.set(bin!, d);
      else lotDrafts.set(n, d);
    }
    return d;
  };
  // each list element's operation index, looked up once (-1: no judged operation)
  const opOf = new Int32Array(seqs.length);
  for (let r = 0; r < answer.rows; r++) {
    const k = kind[r];
    if (k !== 'input_lot' && k !== 'parameter') continue;
    const d = draft(k, name[r]!, k === 'parameter' ? bins.values[bins.offsets[r]!]! : null);
    d.rows.push(r);
    const lot = k === 'input_lot';
    for (let j = at[r]!; j < at[r + 1]!; j++) {
      let op = index.get(seqs[j]!);
      // a complex operation's bins are those of its cells
      if (op >= 0 && !lot && complexOp[op]) op = -1;
      opOf[j] = op;
      if (op < 0) continue;
      d.size += lot ? opCells[op]! : 1;
      if (opFirst[op]! < d.first) d.first = opFirst[op]!;
    }
  }
  for (const x of complex) {
    const d = draft('parameter', x.parameter, x.bin);
    d.extra.push(x.cell);
    d.size++;
    if (x.cell < d.first) d.first = x.cell;
  }
  const order = (a: Draft, b: Draft) =>
    a.first - b.first ||
    (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) ||
    byBytes(a.name, b.name) ||
    (a.bin ?? 0) - (b.bin ?? 0);
  // a lot no judged operation took in is no level
  const kept = drafts.filter((d) => d.size > 0).sort(order);
  const L = kept.length;
  const levels: Levels = {
    kind: new Array<Factor['kind']>(L),
    name: new Array<string>(L),
    level: new Array<Factor['level']>(L),
    start: new Int32Array(L + 1),
    cells: new Int32Array(kept.reduce((s, d) => s + d.size, 0)),
  };
  let n = 0;
  kept.forEach((d, k) => {
    levels.kind[k] = d.kind;
    levels.name[k] = d.name;
    const range = d.bin === null ? undefined : ranges.get(`${d.name}|${d.bin}`);
    levels.level[k] = range ? { lo: range.lo, hi: range.hi, uom: range.uom } : null;
    levels.start[k] = n;
    const lot = d.kind === 'input_lot';
    for (const r of d.rows)
      for (let j = at[r]!; j < at[r + 1]!; j++) {
        const op = opOf[j]!;
        if (op < 0) continue;
        if (!lot) levels.cells[n++] = opFirst[op]!;
        else for (let i = 0; i < opCells[op]!; i++) levels.cells[n++] = opFirst[op]! + i;
      }
    for (const cell of d.extra) levels.cells[n++] = cell;
  });
  levels.start[L] = n;
  return { c, levels };
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
  const answer = await cells.columns(db, { ...scopeArgs, bins });
  // each bin's value range, as yield_parameter_bins gives it
  const ranges = new Map<string, { lo: number; hi: number; uom: string | null }>();
  const { kind, name, bins: bin, range, uom } = answer.columns;
  for (let r = 0; r < answer.rows; r++)
    if (kind[r] === 'parameter') {
      const at = range.offsets[r]!;
      ranges.set(`${name[r]}|${bin.values[bin.offsets[r]!]}`, {
        lo: range.values[at]!,
        hi: range.values[at + 1]!,
        uom: uom[r] ?? null,
      });
    }
  const { c, levels: all } = cellsAndLevels(answer, ranges);
  const L = all.kind.length;
  // each level's factor (kind and name), numbered
  const factorIds = new Map<string, number>();
  const factorOfLevel = new Int32Array(L);
  for (let k = 0; k < L; k++) {
    const key = `${all.kind[k]}|${all.name[k]}`;
    let id = factorIds.get(key);
    if (id === undefined) factorIds.set(key, (id = factorIds.size));
    factorOfLevel[k] = id;
  }
  const counts = new InPlay(all, c);
  let round = testRound(counts);
  const order = before(all, round);
  // Against all units, a factor is as strong as its most significant level (stable: the first
  // level listed wins a tie).
  const best = new Int32Array(factorIds.size).fill(-1);
  for (let k = 0; k < L; k++) {
    if (!round.tested[k]) continue;
    const b = best[factorOfLevel[k]!]!;
    if (b < 0 || order(k, b) < 0) best[factorOfLevel[k]!] = k;
  }
  const factors = [...best]
    .filter((k) => k >= 0)
    .sort((a, b) => order(a, b) || a - b)
    .map((k) => factorOf(all, round, k));
  const drivers: YieldFactors['drivers'] = [];
  const used = new Uint8Array(factorIds.size);
  // the most significant harmful level of a factor not picked yet (the first listed on a tie)
  const eligible = (r: Round, k: number) => r.ratio[k]! > 1 && !used[factorOfLevel[k]!];
  let pick = -1;
  for (let k = 0; k < L; k++)
    if (round.tested[k] && eligible(round, k) && (pick < 0 || order(k, pick) < 0)) pick = k;
  let adjusted = pick < 0 ? NaN : adjustedP(round, pick);
  while (drivers.length < (s.maxDrivers ?? 5)) {
    if (pick < 0) break;
    const factor = { ...factorOf(all, round, pick), adjustedP: adjusted };
    if (factor.adjustedP >= 0.05) break;
    drivers.push({ ...factor, round: drivers.length + 1 });
    used[factorOfLevel[pick]!] = 1;
    if (drivers.length === (s.maxDrivers ?? 5)) break; // no round after the last driver
    counts.setAside(pick);
    ({ round, pick, adjusted } = nextPick(counts, all, eligible));
  }
  return {
    units: c.units.reduce((a, b) => a + b, 0),
    fails: c.fails.reduce((a, b) => a + b, 0),
    drivers,
    factors,
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
  const rows = await heatmap.all(db, { ...scopeArgs, material: s.material ?? null, max_lots: maxLots });
  // the bins come first (lot null), as yield_parameter_bins counts them
  const binRows = rows.filter((r) => r.lot === null);
  const cellRows = rows.filter((r): r is typeof r & { lot: string } => r.lot !== null);
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
  // the query keeps the maxLots lots with most units (ties by id) and counts them all
  const shown = [...lots.values()].sort(
    (a, b) => b.units - a.units || (a.lot < b.lot ? -1 : a.lot > b.lot ? 1 : 0),
  );
  return {
    step: s.step,
    inspection: s.inspection,
    parameter: s.parameter,
    bins: binRows.map((b) => ({
      bin: b.bin,
      lo: b.lo!,
      hi: b.hi!,
      uom: b.uom,
      units: b.units,
      fails: b.fails,
    })),
    lots: shown,
    lotsOmitted: (cellRows[0]?.lots ?? 0) - shown.length,
    cells: cellRows.map((c) => {
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
