// Yield versus parameters and input lots, on the real DuckDB: exact counts on a small
// hand-built line, and the demo's planted problems found without being told where they are.
import { adminFetch } from '../support/auth.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parameterYield, yieldFactors } from '../../analytics/yield.ts';
import { generateDemo } from '../../etl/demo/demo.generator.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import { doc, inspect, lot, party, receive, transform, unit } from '../builders/epcis.builder.ts';
import { startTestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

let t: TestStores;
beforeAll(async () => {
  t = await openTestStores();
});
afterAll(async () => t?.close());

describe('yield on a hand-built line', () => {
  // Four reflow runs of five boards: runs 1-2 use reel GOOD at 240/242 °C, runs 3-4 reel BAD at
  // 244/252 °C. First FCT fails: run 1: 0, run 2: 1, run 3: 2, run 4: 4. B0-0 fails once, then
  // passes a retest: only the first result counts.
  const runs = [
    { reel: 'GOOD', peak: 240, fails: 0 },
    { reel: 'GOOD', peak: 242, fails: 1 },
    { reel: 'BAD', peak: 244, fails: 2 },
    { reel: 'BAD', peak: 252, fails: 4 },
  ];
  beforeAll(async () => {
    const events = [
      receive({ lot: lot('GOOD'), qty: 100, uom: 'H87', supplier: party('S1'), t: 0 }),
      receive({ lot: lot('BAD'), qty: 100, uom: 'H87', supplier: party('S2'), t: 0 }),
    ];
    runs.forEach((r, i) => {
      const boards = Array.from({ length: 5 }, (_, k) => unit(`B${i}-${k}`));
      events.push(
        transform({
          op: `R${i}`,
          t: 1 + i,
          step: 'reflow',
          inLots: [[lot(r.reel), 5, 'H87']],
          outUnits: boards,
          params: [['peak', r.peak, 'CEL']],
        }),
      );
      boards.forEach((b, k) =>
        events.push(inspect({ target: b, t: 10 + i, kind: 'fct', result: k < r.fails ? 'fail' : 'pass' })),
      );
    });
    events.push(inspect({ target: unit('B1-0'), t: 20, kind: 'fct', result: 'pass' })); // a retest
    await ingestDocument(t.stores, t.projector, doc(events), { source: 'test', project: false });
  });

  it('counts first-pass failures per parameter bin, with intervals', async () => {
    const y = await parameterYield(t.stores.duck, {
      step: 'reflow',
      inspection: 'fct',
      parameter: 'peak',
      bins: 4,
    });
    expect(y.bins.map((b) => [b.lo, b.hi, b.units, b.fails])).toEqual([
      [240, 240, 5, 0],
      [242, 242, 5, 1],
      [244, 244, 5, 2],
      [252, 252, 5, 4],
    ]);
    expect(y.bins[3]!.yield).toBeCloseTo(0.2, 10);
    expect(y.bins[3]!.yieldLo).toBeLessThan(0.2);
    expect(y.bins[3]!.yieldHi).toBeGreaterThan(0.2);
    expect(y.correlationWithFailure).toBeGreaterThan(0.5);
  });

  it('ranks the reel and the hottest bin against the rest', async () => {
    const r = await yieldFactors(t.stores.duck, { step: 'reflow', inspection: 'fct', bins: 4 });
    expect([r.units, r.fails]).toEqual([20, 7]);
    const reel = r.factors.find((f) => f.name === lot('BAD'))!;
    // BAD: 10 boards, 6 first-pass fails; the others: 10 boards, 1 fail.
    expect(reel).toMatchObject({ kind: 'input_lot', units: 10, fails: 6, failRate: 0.6, otherFailRate: 0.1 });
    const peak = r.factors.find((f) => f.name === 'peak')!;
    // The most significant bin is the hottest: 4 of 5 fail against 3 of 15.
    expect(peak).toMatchObject({
      kind: 'parameter',
      level: { lo: 252, hi: 252, uom: 'CEL' },
      units: 5,
      fails: 4,
    });
    // Exact two-sided Fisher p-values, computed apart with binomial coefficients:
    // peak bin 252 [[4, 1], [3, 12]] -> 0.0307017544; BAD [[6, 4], [1, 9]] -> 0.0572755418.
    expect(peak.pValue).toBeCloseTo(0.0307017544, 9);
    expect(reel.pValue).toBeCloseTo(0.0572755418, 9);
    expect(r.factors.map((f) => f.name)).toEqual(['peak', lot('BAD'), lot('GOOD')]);
    // Twenty boards are too few: after correcting for six comparisons nothing is a driver.
    expect(r.drivers).toEqual([]);
  });
});

describe('yield on the demo plant', () => {
  it('puts the planted capacitor lot and the reflow peak temperature band on top', async () => {
    const demo = generateDemo({ scale: 0.2, seed: 1 });
    for (const d of demo.documents)
      await ingestDocument(t.stores, t.projector, d, { source: 'demo', project: false });
    const facts = demo.facts();
    const r = await yieldFactors(t.stores.duck, { step: 'smt_reflow', inspection: 'fct' });
    // Reels that merely ran beside the bad one drop out once its boards are set aside.
    expect(
      r.drivers
        .slice(0, 2)
        .map((d) => d.name)
        .sort(),
    ).toEqual([facts.badCapacitorLot, 'peakTemperature'].sort());
    const peak = r.drivers.find((d) => d.name === 'peakTemperature')!;
    // The bin found is the planted band: it starts inside it and ends at its top.
    expect(peak.level!.lo).toBeGreaterThanOrEqual(facts.reflowBand.min - 1);
    expect(peak.level!.hi).toBeLessThanOrEqual(facts.reflowBand.max);
    expect(peak.ratio).toBeGreaterThan(2);
  });

  it('answers over HTTP, and names a missing parameter', async () => {
    const server = await startTestServer(t);
    try {
      const base = `${server.base}`;
      const res = await adminFetch(`${base}/api/analytics/yield/factors?step=smt_reflow&inspection=fct`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { drivers: { name: string }[]; units: number };
      const direct = await yieldFactors(t.stores.duck, { step: 'smt_reflow', inspection: 'fct' });
      expect(body.units).toBe(direct.units);
      expect(body.drivers.map((d) => d.name)).toEqual(direct.drivers.map((d) => d.name));
      const bins = await adminFetch(
        `${base}/api/analytics/yield/parameter?step=smt_reflow&inspection=fct&parameter=peakTemperature&bins=5`,
      );
      expect(((await bins.json()) as { bins: unknown[] }).bins).toHaveLength(5);
      const bad = await adminFetch(`${base}/api/analytics/yield/factors?inspection=fct`);
      expect(bad.status).toBe(400);
      expect(
        ((await bad.json()) as { error: { problems: { field: string }[] } }).error.problems.map(
          (p) => p.field,
        ),
      ).toEqual(['step']);
    } finally {
      await server.close();
    }
  });
});
