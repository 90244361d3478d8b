// u-chart of defects per unit, first-pass yield over time, the parameter × lot heatmap and the
// scatter points, on the real DuckDB: exact figures on a small hand-built line (counts worked out
// by hand below, the statistics recomputed here from them), the REST doors with their 400s and
// the supplier's 403, and the demo's planted capacitor lot standing out in the heatmap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defectsUChart } from '../../analytics/spc.ts';
import { firstPassYieldTrend, parameterPoints, yieldFactors, yieldHeatmap } from '../../analytics/yield.ts';
import { generateDemo } from '../../etl/demo/demo.generator.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import {
  doc,
  inspect,
  lot,
  material,
  party,
  receive,
  transform,
  unit,
  type Severity,
} from '../builders/epcis.builder.ts';
import { adminFetch, bearer, tokenFor } from '../support/auth.ts';
import { startTestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

let t: TestStores;
beforeAll(async () => {
  t = await openTestStores();
});
afterAll(async () => t?.close());

const L1 = 'urn:lotgraph:location:LINE-1';
const L2 = 'urn:lotgraph:location:LINE-2';
const LR = 'urn:lotgraph:location:REWORK';
const CAP = material('CAP');
const PCB = material('PCB');
const U = (n: number) => unit(`U${n}`);
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => U(a + i));

// Independent arithmetic for the expected figures (the textbook formulas, written out again).
const Z95 = 1.959964;
function wilsonBounds(successes: number, n: number): { low: number; high: number } {
  const p = successes / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
const fpyPoint = (periodStart: string, units: number, passed: number) => {
  const w = wilsonBounds(passed, units);
  return {
    periodStart,
    units,
    passed,
    fpy: expect.closeTo(passed / units, 12),
    low: expect.closeTo(w.low, 12),
    high: expect.closeTo(w.high, 12),
  };
};
function uPoints(rows: [periodStart: string, units: number, defects: number][]) {
  const ubar = rows.reduce((s, r) => s + r[2], 0) / rows.reduce((s, r) => s + r[1], 0);
  return {
    ubar: expect.closeTo(ubar, 12),
    points: rows.map(([periodStart, units, defects]) => {
      const sigma = Math.sqrt(ubar / units);
      const u = defects / units;
      return {
        periodStart,
        units,
        defects: expect.closeTo(defects, 9),
        u: expect.closeTo(u, 12),
        lcl: expect.closeTo(Math.max(0, ubar - 3 * sigma), 12),
        ucl: expect.closeTo(ubar + 3 * sigma, 12),
        z: expect.closeTo((u - ubar) / sigma, 12),
        // |z| < 2 everywhere in this fixture (checked below), so no Western Electric rule fires
        rules: [],
        beyondLimits: false,
      };
    }),
  };
}
const cell = (bin: number, l: string, units: number, fails: number) => {
  const w = wilsonBounds(units - fails, units);
  return {
    bin,
    lot: lot(l),
    units,
    fails,
    yield: expect.closeTo((units - fails) / units, 12),
    low: expect.closeTo(w.low, 12),
    high: expect.closeTo(w.high, 12),
  };
};

type Defects = [code: string, qty: number, severity?: Severity][];
const fct = (n: number, h: number, result: 'pass' | 'fail', defects: Defects = []) =>
  inspect({ target: U(n), t: h, kind: 'fct', result, defects, step: 'fct' });
/** One AOI event over several boards: its defects belong to the panel, not to each board. */
const aoi = (units: string[], h: number, defects: Defects) => ({
  ...inspect({ target: units[0]!, t: h, kind: 'aoi', result: 'pass', defects, step: 'aoi' }),
  epcList: units,
});
const made = (
  o: Parameters<typeof transform>[0] & { line?: string; equipment?: string; peak?: number },
): Record<string, unknown> => {
  const { line, equipment, peak, ...rest } = o;
  return {
    ...transform({ ...rest, ...(peak === undefined ? {} : { params: [['peak', peak, 'CEL']] }) }),
    ...(line ? { readPoint: { id: line } } : {}),
    ...(equipment ? { 'lg:equipment': equipment } : {}),
  };
};

describe('on a hand-built line', () => {
  // h = 0 is 2025-03-01T06:00Z (a Saturday, ISO week of 2025-02-24); h = 745 is 2025-04-01T07:00Z
  // (a Tuesday, ISO week of 2025-03-31).
  // Makers (TransformationEvents):
  //   R1 h1   reflow L1 REFLOW-1 peak 240, in CAP-A, PCB-1 -> U1-U4
  //   R2 h2   reflow L2 REFLOW-2 peak 250, in CAP-B, PCB-1 -> U5-U8
  //   C1 h3   coat (no line, no equipment) -> U17
  //   RW h20  rework LR, in U2 + CAP-A -> U2 (after U2's first FCT: it does not take U2 over)
  //   C2 h30  coat -> U18, whose first FCT is at h29 (clocks apart: the only maker still counts)
  //   R3 h745 reflow L1 REFLOW-2 peak 245, in CAP-B, PCB-1 -> U9-U12
  //   R4 h746 reflow L2 REFLOW-1 peak 255, in CAP-A -> U13-U16
  // First FCT (defect quantities): March: U1 pass; U2 fail [2]; U3 pass; U4 pass [1 cosmetic];
  //   U5 fail [1 + 1]; U6 fail [1]; U7, U8 pass; U17 fail [1] h40; U18 pass h29.
  //   April: U9, U10 pass; U11 fail [1]; U12 pass; U13 fail [2]; U14 fail [1]; U15, U16 pass.
  // Not counted: U2's pass retest, U5's fail retest [3], U99's FCT (no maker, so not a made unit).
  // AOI (one event per panel): U1-U4 h5 [BRIDGE 2]; U5-U8 h6 []; U9-U12 h747 [BRIDGE 1, SPATTER 2].
  beforeAll(async () => {
    const events = [
      receive({ lot: lot('CAP-A'), qty: 1000, uom: 'H87', supplier: party('S1'), material: CAP, t: 0 }),
      receive({ lot: lot('CAP-B'), qty: 1000, uom: 'H87', supplier: party('S2'), material: CAP, t: 0 }),
      receive({ lot: lot('PCB-1'), qty: 100, uom: 'H87', supplier: party('S3'), material: PCB, t: 0 }),
      made({
        op: 'R1',
        t: 1,
        step: 'reflow',
        line: L1,
        equipment: 'REFLOW-1',
        peak: 240,
        inLots: [
          [lot('CAP-A'), 40, 'H87'],
          [lot('PCB-1'), 4, 'H87'],
        ],
        outUnits: range(1, 4),
      }),
      made({
        op: 'R2',
        t: 2,
        step: 'reflow',
        line: L2,
        equipment: 'REFLOW-2',
        peak: 250,
        inLots: [
          [lot('CAP-B'), 40, 'H87'],
          [lot('PCB-1'), 4, 'H87'],
        ],
        outUnits: range(5, 8),
      }),
      made({ op: 'C1', t: 3, step: 'coat', outUnits: [U(17)] }),
      made({
        op: 'RW',
        t: 20,
        step: 'rework',
        line: LR,
        inUnits: [U(2)],
        inLots: [[lot('CAP-A'), 2, 'H87']],
        outUnits: [U(2)],
      }),
      made({ op: 'C2', t: 30, step: 'coat', outUnits: [U(18)] }),
      made({
        op: 'R3',
        t: 745,
        step: 'reflow',
        line: L1,
        equipment: 'REFLOW-2',
        peak: 245,
        inLots: [
          [lot('CAP-B'), 40, 'H87'],
          [lot('PCB-1'), 4, 'H87'],
        ],
        outUnits: range(9, 12),
      }),
      made({
        op: 'R4',
        t: 746,
        step: 'reflow',
        line: L2,
        equipment: 'REFLOW-1',
        peak: 255,
        inLots: [[lot('CAP-A'), 40, 'H87']],
        outUnits: range(13, 16),
      }),
      aoi(range(1, 4), 5, [['BRIDGE', 2, 'minor']]),
      aoi(range(5, 8), 6, []),
      aoi(range(9, 12), 747, [
        ['BRIDGE', 1, 'minor'],
        ['SPATTER', 2, 'minor'],
      ]),
      fct(1, 10, 'pass'),
      fct(2, 11, 'fail', [['SOLDER', 2]]),
      fct(3, 12, 'pass'),
      fct(4, 13, 'pass', [['COSMETIC', 1, 'minor']]),
      fct(5, 14, 'fail', [
        ['SOLDER', 1],
        ['SHORT', 1],
      ]),
      fct(6, 15, 'fail', [['SHORT', 1]]),
      fct(7, 16, 'pass'),
      fct(8, 17, 'pass'),
      fct(99, 12, 'fail', [['SOLDER', 5]]),
      fct(2, 25, 'pass'),
      fct(5, 26, 'fail', [['SHORT', 3]]),
      fct(18, 29, 'pass'),
      fct(17, 40, 'fail', [['SOLDER', 1]]),
      fct(9, 750, 'pass'),
      fct(10, 751, 'pass'),
      fct(11, 752, 'fail', [['SOLDER', 1]]),
      fct(12, 753, 'pass'),
      fct(13, 754, 'fail', [['SHORT', 2]]),
      fct(14, 755, 'fail', [['SHORT', 1]]),
      fct(15, 756, 'pass'),
      fct(16, 757, 'pass'),
    ];
    await ingestDocument(t.stores, t.projector, doc(events), { source: 'test', project: false });
  });

  describe('u-chart of defects per unit', () => {
    it('counts each made unit once, at its first inspection of the kind', async () => {
      // March: U1-U8, U17, U18 = 10 units; defects 2 + 1 + 2 + 1 + 1 = 7. April: U9-U16 = 8; 1 + 2 + 1 = 4.
      const c = await defectsUChart(t.stores.duck, { period: 'month', inspection: 'fct' });
      expect(c).toEqual(
        uPoints([
          ['2025-03-01', 10, 7],
          ['2025-04-01', 8, 4],
        ]),
      );
      expect(c.points.every((p) => Math.abs(p.z) < 2)).toBe(true);
      const weeks = await defectsUChart(t.stores.duck, { period: 'week', inspection: 'fct' });
      expect(weeks.points.map((p) => [p.periodStart, p.units, p.defects])).toEqual([
        ['2025-02-24', 10, 7],
        ['2025-03-31', 8, 4],
      ]);
    });

    it('narrows to the units of one step or one line, and to [from, to)', async () => {
      // reflow: March U1-U8 with 6 defects, April U9-U16 with 4.
      expect(
        await defectsUChart(t.stores.duck, { period: 'month', inspection: 'fct', step: 'reflow' }),
      ).toEqual(
        uPoints([
          ['2025-03-01', 8, 6],
          ['2025-04-01', 8, 4],
        ]),
      );
      // LINE-2: R2 (U5-U8: 2 + 1) and R4 (U13-U16: 2 + 1).
      expect(await defectsUChart(t.stores.duck, { period: 'month', inspection: 'fct', line: L2 })).toEqual(
        uPoints([
          ['2025-03-01', 4, 3],
          ['2025-04-01', 4, 3],
        ]),
      );
      expect(
        await defectsUChart(t.stores.duck, {
          period: 'month',
          inspection: 'fct',
          from: '2025-04-01T00:00:00Z',
          to: '2025-05-01T00:00:00Z',
        }),
      ).toEqual(uPoints([['2025-04-01', 8, 4]]));
      // The rework line made U2 only after its first FCT.
      expect(await defectsUChart(t.stores.duck, { period: 'month', inspection: 'fct', line: LR })).toEqual({
        ubar: null,
        points: [],
      });
    });

    it('shares the defects of one inspection of a panel among its boards', async () => {
      // March: 8 boards, 2 defects on the whole panel U1-U4 (not 2 on each). April: 4 boards, 3.
      expect(await defectsUChart(t.stores.duck, { period: 'month', inspection: 'aoi' })).toEqual(
        uPoints([
          ['2025-03-01', 8, 2],
          ['2025-04-01', 4, 3],
        ]),
      );
    });
  });

  describe('first-pass yield over time', () => {
    it('by step of the operation that made the unit', async () => {
      // coat: March U17 fail, U18 pass. reflow: March U1-U8, 3 fail; April U9-U16, 3 fail.
      expect(
        await firstPassYieldTrend(t.stores.duck, { period: 'month', by: 'step', inspection: 'fct' }),
      ).toEqual({
        period: 'month',
        by: 'step',
        series: [
          { key: 'coat', points: [fpyPoint('2025-03-01', 2, 1)] },
          { key: 'reflow', points: [fpyPoint('2025-03-01', 8, 5), fpyPoint('2025-04-01', 8, 5)] },
        ],
      });
    });

    it('by line, with units of no line last, and by equipment', async () => {
      // LINE-1: R1 (U2 fails) and R3 (U11); LINE-2: R2 (U5, U6) and R4 (U13, U14); coat: no line.
      expect(
        await firstPassYieldTrend(t.stores.duck, { period: 'month', by: 'line', inspection: 'fct' }),
      ).toEqual({
        period: 'month',
        by: 'line',
        series: [
          { key: L1, points: [fpyPoint('2025-03-01', 4, 3), fpyPoint('2025-04-01', 4, 3)] },
          { key: L2, points: [fpyPoint('2025-03-01', 4, 2), fpyPoint('2025-04-01', 4, 2)] },
          { key: '(none)', points: [fpyPoint('2025-03-01', 2, 1)] },
        ],
      });
      // REFLOW-1: R1 (March, 1 fail) and R4 (April, 2); REFLOW-2: R2 (March, 2) and R3 (April, 1).
      const eq = await firstPassYieldTrend(t.stores.duck, {
        period: 'week',
        by: 'equipment',
        inspection: 'fct',
        from: '2025-03-01T00:00:00Z',
      });
      expect(eq.series).toEqual([
        { key: 'REFLOW-1', points: [fpyPoint('2025-02-24', 4, 3), fpyPoint('2025-03-31', 4, 2)] },
        { key: 'REFLOW-2', points: [fpyPoint('2025-02-24', 4, 2), fpyPoint('2025-03-31', 4, 3)] },
        { key: '(none)', points: [fpyPoint('2025-02-24', 2, 1)] },
      ]);
    });
  });

  describe('heatmap of parameter band × input lot', () => {
    // peak: U1-U4 240, U9-U12 245 | U5-U8 250, U13-U16 255. Two equal-count bins of 8.
    // Fails: R1 1, R3 1 (bin 1); R2 2, R4 2 (bin 2).
    // bin 1: CAP-A (R1) 4/1, CAP-B (R3) 4/1, PCB-1 (R1 + R3) 8/2
    // bin 2: CAP-A (R4) 4/2, CAP-B (R2) 4/2, PCB-1 (R2) 4/2
    // Lots by units: PCB-1 12 (4 fails), CAP-A 8 (3), CAP-B 8 (3); ties by id.
    const bins = [
      { bin: 1, lo: 240, hi: 245, uom: 'CEL', units: 8, fails: 2 },
      { bin: 2, lo: 250, hi: 255, uom: 'CEL', units: 8, fails: 4 },
    ];
    const scope = { step: 'reflow', inspection: 'fct', parameter: 'peak', bins: 2 };

    it('counts every cell, with each lot’s material and supplier', async () => {
      expect(await yieldHeatmap(t.stores.duck, scope)).toEqual({
        ...scope,
        bins,
        lots: [
          { lot: lot('PCB-1'), material: PCB, supplier: party('S3'), units: 12, fails: 4 },
          { lot: lot('CAP-A'), material: CAP, supplier: party('S1'), units: 8, fails: 3 },
          { lot: lot('CAP-B'), material: CAP, supplier: party('S2'), units: 8, fails: 3 },
        ],
        lotsOmitted: 0,
        cells: [
          cell(1, 'CAP-A', 4, 1),
          cell(2, 'CAP-A', 4, 2),
          cell(1, 'CAP-B', 4, 1),
          cell(2, 'CAP-B', 4, 2),
          cell(1, 'PCB-1', 8, 2),
          cell(2, 'PCB-1', 4, 2),
        ],
      });
    });

    it('keeps the lots of one material, or the lots with most units', async () => {
      const caps = await yieldHeatmap(t.stores.duck, { ...scope, material: CAP });
      expect(caps.bins).toEqual(bins); // the bins stay those of every unit of the step
      expect(caps.lots.map((l) => l.lot)).toEqual([lot('CAP-A'), lot('CAP-B')]);
      expect(caps.cells).toEqual([
        cell(1, 'CAP-A', 4, 1),
        cell(2, 'CAP-A', 4, 2),
        cell(1, 'CAP-B', 4, 1),
        cell(2, 'CAP-B', 4, 2),
      ]);
      const top = await yieldHeatmap(t.stores.duck, { ...scope, maxLots: 2 });
      expect(top.lots.map((l) => l.lot)).toEqual([lot('PCB-1'), lot('CAP-A')]);
      expect(top.lotsOmitted).toBe(1);
      expect(top.cells.map((c) => c.lot)).not.toContain(lot('CAP-B'));
    });
  });

  // Every reflow unit's peak and first-pass outcome, by value then unit id.
  const allPoints = [
    ...[1, 2, 3, 4].map((n) => ({ unit: U(n), value: 240, failed: n === 2 })),
    ...[9, 10, 11, 12].map((n) => ({ unit: U(n), value: 245, failed: n === 11 })),
    ...[5, 6, 7, 8].map((n) => ({ unit: U(n), value: 250, failed: n === 5 || n === 6 })),
    ...[13, 14, 15, 16].map((n) => ({ unit: U(n), value: 255, failed: n === 13 || n === 14 })),
  ].sort((a, b) => a.value - b.value || (a.unit < b.unit ? -1 : 1));

  describe('scatter points', () => {
    const scope = { step: 'reflow', inspection: 'fct', parameter: 'peak' };

    it('gives every unit’s value and first-pass outcome', async () => {
      expect(await parameterPoints(t.stores.duck, scope)).toEqual({
        parameter: 'peak',
        uom: 'CEL',
        total: 16,
        points: allPoints,
      });
    });

    it('samples the same units on every call when there are more than the limit', async () => {
      const a = await parameterPoints(t.stores.duck, { ...scope, limit: 5 });
      const b = await parameterPoints(t.stores.duck, { ...scope, limit: 5 });
      expect(a.total).toBe(16);
      expect(a.points).toHaveLength(5);
      expect(b).toEqual(a);
      for (const p of a.points) expect(allPoints).toContainEqual(p);
      expect(a.points.map((p) => p.value)).toEqual([...a.points.map((p) => p.value)].sort((x, y) => x - y));
    });
  });

  describe('over HTTP', () => {
    let server: Awaited<ReturnType<typeof startTestServer>>;
    beforeAll(async () => {
      server = await startTestServer(t);
    });
    afterAll(async () => server?.close());

    const get = async (path: string, headers: Record<string, string> = {}) => {
      const res = await adminFetch(`${server.base}/api/analytics${path}`, { headers });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const fields = (body: Record<string, unknown>) =>
      (body['error'] as { problems: { field: string }[] }).problems.map((p) => p.field);

    it('answers each analytic with the figures above', async () => {
      const spc = await get(`/spc/defects?period=month&inspection=fct&line=${encodeURIComponent(L2)}`);
      expect(spc.status).toBe(200);
      expect(spc.body).toEqual({
        period: 'month',
        inspection: 'fct',
        line: L2,
        ...uPoints([
          ['2025-03-01', 4, 3],
          ['2025-04-01', 4, 3],
        ]),
      });
      const fpy = await get('/yield/fpy?period=month&by=step&inspection=fct&from=2025-04-01T00:00:00Z');
      expect(fpy.body).toEqual({
        period: 'month',
        by: 'step',
        series: [{ key: 'reflow', points: [fpyPoint('2025-04-01', 8, 5)] }],
      });
      const heat = await get(
        `/yield/heatmap?step=reflow&inspection=fct&parameter=peak&bins=2&material=${encodeURIComponent(CAP)}`,
      );
      expect(heat.status).toBe(200);
      expect(heat.body['lotsOmitted']).toBe(0);
      expect(heat.body['cells']).toEqual([
        cell(1, 'CAP-A', 4, 1),
        cell(2, 'CAP-A', 4, 2),
        cell(1, 'CAP-B', 4, 1),
        cell(2, 'CAP-B', 4, 2),
      ]);
      const pts = await get('/yield/points?step=reflow&inspection=fct&parameter=peak&limit=100');
      expect(pts.body).toEqual({ parameter: 'peak', uom: 'CEL', total: 16, points: allPoints });
    });

    it('names each bad parameter in a 400', async () => {
      const cases: [string, string[]][] = [
        ['/spc/defects?period=day', ['period', 'inspection']],
        ['/spc/defects?inspection=fct&from=yesterday', ['from']],
        ['/yield/fpy?inspection=fct&by=shift', ['by']],
        ['/yield/fpy?by=line', ['inspection']],
        ['/yield/heatmap?step=reflow&inspection=fct&bins=1', ['bins', 'parameter']],
        ['/yield/heatmap?step=reflow&inspection=fct&parameter=peak&maxLots=0', ['maxLots']],
        ['/yield/points?step=reflow&inspection=fct&parameter=peak&limit=0', ['limit']],
        ['/yield/points?inspection=fct&parameter=peak&limit=many', ['step', 'limit']],
      ];
      for (const [path, expected] of cases) {
        const r = await get(path);
        expect([path, r.status]).toEqual([path, 400]);
        expect(fields(r.body).sort()).toEqual([...expected].sort());
      }
    });

    it('refuses the plant’s in-process defects and yield to a supplier, and serves staff', async () => {
      const supplier = bearer(await tokenFor(server.base, 'supplier', { supplierId: party('S1') }));
      const engineer = bearer(await tokenFor(server.base, 'process_engineer'));
      const defects = `${server.base}/api/analytics/spc/defects?inspection=fct`;
      const refused = await fetch(defects, { headers: supplier });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({
        code: 'FORBIDDEN',
        message: 'the role "Supplier" may not do this (yield:read)',
      });
      for (const path of [
        '/yield/fpy?inspection=fct',
        '/yield/heatmap?step=reflow&inspection=fct&parameter=peak',
        '/yield/points?step=reflow&inspection=fct&parameter=peak',
      ])
        expect((await fetch(`${server.base}/api/analytics${path}`, { headers: supplier })).status).toBe(403);
      // the supplier keeps its own incoming p-chart
      expect((await fetch(`${server.base}/api/analytics/spc/incoming`, { headers: supplier })).status).toBe(
        200,
      );
      const ok = await fetch(defects, { headers: engineer });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { points: unknown[] }).points).toHaveLength(2);
    });
  });
});

describe('on the demo plant', () => {
  it('shows the planted capacitor lot as the weak row of the heatmap in every temperature band', async () => {
    const demo = generateDemo({ scale: 0.2, seed: 1 });
    for (const d of demo.documents)
      await ingestDocument(t.stores, t.projector, d, { source: 'demo', project: false });
    const facts = demo.facts();
    const h = await yieldHeatmap(t.stores.duck, {
      step: 'smt_reflow',
      inspection: 'fct',
      parameter: facts.reflowBand.parameter,
      bins: 5,
      material: 'urn:lotgraph:material:CAP-MLCC-10UF',
    });
    expect(h.bins).toHaveLength(5);
    expect(h.lots.map((l) => l.lot)).toContain(facts.badCapacitorLot);
    // The hottest bin reaches into the planted band, where every lot does worse.
    expect(h.bins[4]!.hi).toBeGreaterThanOrEqual(facts.reflowBand.min);
    for (const b of h.bins) {
      const bad = h.cells.find((c) => c.bin === b.bin && c.lot === facts.badCapacitorLot)!;
      const rest = h.cells.filter((c) => c.bin === b.bin && c.lot !== facts.badCapacitorLot);
      const restUnits = rest.reduce((s, c) => s + c.units, 0);
      const restYield = 1 - rest.reduce((s, c) => s + c.fails, 0) / restUnits;
      // markedly lower: at least 5 points below the other capacitor lots of the same band
      expect(bad.units).toBeGreaterThanOrEqual(20);
      expect(bad.yield, `bin ${b.bin}`).toBeLessThan(restYield - 0.05);
    }
    // and over all bands, the worst lot of all
    const worst = [...h.lots].sort((a, b) => a.fails / a.units - b.fails / b.units).pop()!;
    expect(worst.lot).toBe(facts.badCapacitorLot);
  });

  it('counts the same first passes over time as the yield factors do in total', async () => {
    const trend = await firstPassYieldTrend(t.stores.duck, { period: 'week', by: 'step', inspection: 'fct' });
    const reflow = trend.series.find((s) => s.key === 'smt_reflow')!;
    const direct = await yieldFactors(t.stores.duck, { step: 'smt_reflow', inspection: 'fct' });
    expect([
      reflow.points.reduce((s, p) => s + p.units, 0),
      reflow.points.reduce((s, p) => s + p.units - p.passed, 0),
    ]).toEqual([direct.units, direct.fails]);
    // reworked boards stay with reflow: the rework comes after their first FCT
    expect(trend.series.map((s) => s.key)).not.toContain('rework');
  });
});
