// The equal-count bins of the yield analytics on a plant with the awkward cases: operations of one
// value whose serial numbers interleave, several operations at one value (ties), a bin boundary
// inside an operation's units, a parameter read twice by one operation, operations without
// readings or without lots, and retests. Every figure is recomputed here unit by unit: each
// reading of the operation that made a unit places the unit once, all of them ordered by value,
// then unit id, and cut into `bins` equal-count bins as SQL's ntile does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parameterYield, yieldFactors, yieldHeatmap } from '../../analytics/yield.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import { doc, inspect, lot, material, party, receive, transform, unit } from '../builders/epcis.builder.ts';
import { random } from '../support/random.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

type Json = Record<string, unknown>;

interface Op {
  units: string[];
  readings: [string, number][];
  lots: string[];
}
const REELS = ['R0', 'R1', 'R2', 'R3', 'R4', 'R5'];
const ops: Op[] = [];
/** first FCT result per unit id */
const failed = new Map<string, boolean>();

function plant(): Json[] {
  const rnd = random(11);
  const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  const events: Json[] = REELS.map((r, i) =>
    receive({
      lot: lot(r),
      qty: 1000,
      uom: 'H87',
      supplier: party(`S${i % 2}`),
      material: material(i % 2 ? 'CAP' : 'RES'),
      t: 0,
    }),
  );
  let serial = 0;
  const next = () => unit(`U${String(serial++).padStart(4, '0')}`);
  const held: string[][] = [];
  for (let r = 0; r < 48; r++) {
    let units: string[];
    if (r % 6 === 5 && held.length) units = held.shift()!;
    else {
      units = Array.from({ length: int(1, 8) }, next);
      // every third operation leaves gaps in its serials that a later one of the same value fills
      if (r % 3 === 0 && units.length > 1) {
        const gaps = units.map(next);
        held.push(gaps.filter((_, k) => k % 2 === 0));
        units = units.map((u, k) => (k % 2 === 0 ? u : gaps[k]!));
      }
    }
    const readings: [string, number][] = [];
    // the operations that leave gaps and those that fill them read the same peak: their serials interleave
    if (r % 10 !== 9) readings.push(['peak', r % 3 === 0 || r % 6 === 5 ? 242 : 240 + int(0, 3)]);
    if (r % 7 !== 6) readings.push(['tal', 60 + int(0, 12)]);
    if (r % 8 === 3) readings.push(['tal', 60 + int(0, 12)]); // read twice
    const lots = r % 11 === 10 ? [] : [REELS[int(0, 5)]!, ...(r % 4 === 0 ? [REELS[int(0, 5)]!] : [])];
    ops.push({ units, readings, lots: [...new Set(lots)] });
    events.push(
      transform({
        op: `OP${r}`,
        t: 10 + r,
        step: 'reflow',
        inLots: lots.map((l) => [lot(l), units.length, 'H87'] as [string, number, string]),
        outUnits: units,
        params: readings.map(([p, v]) => [p, v, p === 'peak' ? 'CEL' : 'SEC'] as [string, number, string]),
      }),
    );
    for (const u of units) {
      const fail = rnd() < 0.2 + (lots.includes('R3') ? 0.3 : 0);
      failed.set(u, fail);
      events.push(
        inspect({ target: u, t: 100 + r + rnd() / 2, kind: 'fct', result: fail ? 'fail' : 'pass' }),
      );
      if (fail && rnd() < 0.5) events.push(inspect({ target: u, t: 200 + r, kind: 'fct', result: 'pass' }));
    }
  }
  return events;
}

/** ntile(bins) of the 0-based position i among n, as SQL computes it. */
function ntile(i: number, n: number, bins: number): number {
  const b = Math.min(bins, n);
  const small = Math.floor(n / b);
  const big = n - b * small; // the first `big` bins hold small + 1
  return i < big * (small + 1)
    ? 1 + Math.floor(i / (small + 1))
    : 1 + big + Math.floor((i - big * (small + 1)) / small);
}

/** Every unit placed by every reading of the parameter, with its bin. */
function placed(parameter: string, bins: number) {
  const entries = ops.flatMap((o) =>
    o.readings
      .filter(([p]) => p === parameter)
      .flatMap(([, value]) => o.units.map((u) => ({ op: o, unit: u, value, failed: failed.get(u)! }))),
  );
  entries.sort((a, b) => a.value - b.value || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
  return entries.map((e, i) => ({ ...e, bin: ntile(i, entries.length, bins) }));
}

let t: TestStores;
beforeAll(async () => {
  t = await openTestStores();
  await ingestDocument(t.stores, t.projector, doc(plant()), { source: 'test', project: false });
});
afterAll(async () => t?.close());

const scope = { step: 'reflow', inspection: 'fct' };

describe('equal-count bins, unit by unit', () => {
  it.each([2, 3, 4, 7])('%i bins of each parameter hold the units as counted here', async (bins) => {
    for (const parameter of ['peak', 'tal']) {
      const expected = new Map<number, { lo: number; hi: number; units: number; fails: number }>();
      for (const e of placed(parameter, bins)) {
        const b = expected.get(e.bin) ?? { lo: e.value, hi: e.value, units: 0, fails: 0 };
        b.hi = e.value;
        b.units++;
        if (e.failed) b.fails++;
        expected.set(e.bin, b);
      }
      const y = await parameterYield(t.stores.duck, { ...scope, parameter, bins });
      expect(y.bins.map((b) => ({ bin: b.bin, lo: b.lo, hi: b.hi, units: b.units, fails: b.fails }))).toEqual(
        [...expected.entries()].map(([bin, b]) => ({ bin, ...b })),
      );
    }
  });

  it('counts the heatmap cells of each bin and lot', async () => {
    const cells = new Map<string, { units: number; fails: number }>();
    for (const e of placed('peak', 3))
      for (const l of e.op.lots) {
        const key = `${lot(l)}|${e.bin}`;
        const c = cells.get(key) ?? { units: 0, fails: 0 };
        c.units++;
        if (e.failed) c.fails++;
        cells.set(key, c);
      }
    const h = await yieldHeatmap(t.stores.duck, { ...scope, parameter: 'peak', bins: 3 });
    expect(h.lotsOmitted).toBe(0);
    expect(
      Object.fromEntries(h.cells.map((c) => [`${c.lot}|${c.bin}`, { units: c.units, fails: c.fails }])),
    ).toEqual(Object.fromEntries(cells));
  });

  it('gives each yield factor level the units that saw it', async () => {
    const bins = 4;
    const r = await yieldFactors(t.stores.duck, { ...scope, bins });
    const judged = ops.flatMap((o) => o.units);
    expect([r.units, r.fails]).toEqual([judged.length, judged.filter((u) => failed.get(u)).length]);
    for (const f of r.factors) {
      if (f.kind === 'input_lot') {
        const units = ops.filter((o) => o.lots.some((l) => lot(l) === f.name)).flatMap((o) => o.units);
        expect([f.units, f.fails]).toEqual([units.length, units.filter((u) => failed.get(u)).length]);
      } else {
        // the level reported is one bin: its range and its units as placed here
        const inBin = new Map<number, ReturnType<typeof placed>>();
        for (const e of placed(f.name, bins)) inBin.set(e.bin, [...(inBin.get(e.bin) ?? []), e]);
        const match = [...inBin.values()].filter(
          (es) => es[0]!.value === f.level!.lo && es[es.length - 1]!.value === f.level!.hi,
        );
        expect(match.map((es) => [es.length, es.filter((e) => e.failed).length])).toContainEqual([
          f.units,
          f.fails,
        ]);
      }
    }
    expect(r.factors.map((f) => f.name).sort()).toEqual(
      [...new Set([...ops.flatMap((o) => o.lots.map(lot)), 'peak', 'tal'])].sort(),
    );
  });
});
