// Supplier scorecard, defect Pareto and the incoming p-chart on the real DuckDB: exact numbers on
// a small hand-built set of receipts and inspections, and the scorecard recomputed from the demo.
import { adminFetch } from '../support/auth.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../analytics/audit.store.ts';
import { defectPareto, paretoItems, paretoItemsPage, type ParetoDimension } from '../../analytics/pareto.ts';
import {
  getScorecardConfig,
  scorecardLots,
  setScorecardConfig,
  supplierScorecard,
} from '../../analytics/scorecard.ts';
import { incomingPChart } from '../../analytics/spc.ts';
import { generateDemo } from '../../etl/demo/demo.generator.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import {
  doc,
  inspect,
  lot,
  material,
  party,
  PARTY,
  receive,
  unit,
  type Severity,
} from '../builders/epcis.builder.ts';
import { startTestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

const incoming = (
  target: string,
  t: number,
  result: 'pass' | 'fail',
  sample: number,
  defects?: [string, number, Severity][],
) =>
  inspect({
    target,
    t,
    kind: 'incoming',
    result,
    sample,
    defects,
    step: 'incoming_inspection',
    equipment: 'LAB-1',
  });

const A = party('MILL-NORTH');
const B = party('MILL-SOUTH');
const FLOUR = material('FLOUR');
const SUGAR = material('SUGAR');

let t: TestStores;
beforeAll(async () => {
  t = await openTestStores();
});
afterAll(async () => t?.close());

describe('on a hand-built set of receipts and inspections', () => {
  // Base time h = 0 is 2025-03-01T06:00Z; h = 744 is 2025-04-01T06:00Z.
  // A (Mill North): A1 FLOUR 1000 kg h0, A2 FLOUR 500 kg h24, A3 SUGAR 200 kg h48 (March), A4 FLOUR 800 kg h800 (April)
  // B (Mill South): B1 FLOUR 300 bag h10, B2 FLOUR 400 kg h30 (March), B3 FLOUR 600 kg h760 (April)
  // First incoming inspections (sample, defects):
  //   A1 pass 50 [SPECK 1 minor]; A2 fail 50 [MOISTURE 3 major, FOREIGN 1 critical] then a pass
  //   re-inspection (ignored); A3 pass 20 []; A4 none; B1 fail 32 [MOISTURE 2 major];
  //   B2 pass 32 [SPECK 1 minor]; B3 pass 40 [].
  // And one FCT of unit U1 at h40: fail [SOLDER 2 major], step fct_test, equipment FCT-1.
  beforeAll(async () => {
    const events = [
      receive({ lot: lot('A1'), qty: 1000, uom: 'KGM', supplier: A, material: FLOUR, t: 0 }),
      receive({ lot: lot('A2'), qty: 500, uom: 'KGM', supplier: A, material: FLOUR, t: 24 }),
      receive({ lot: lot('A3'), qty: 200, uom: 'KGM', supplier: A, material: SUGAR, t: 48 }),
      receive({ lot: lot('A4'), qty: 800, uom: 'KGM', supplier: A, material: FLOUR, t: 800 }),
      receive({ lot: lot('B1'), qty: 300, uom: 'BG', supplier: B, material: FLOUR, t: 10 }),
      receive({ lot: lot('B2'), qty: 400, uom: 'KGM', supplier: B, material: FLOUR, t: 30 }),
      receive({ lot: lot('B3'), qty: 600, uom: 'KGM', supplier: B, material: FLOUR, t: 760 }),
      incoming(lot('A1'), 2, 'pass', 50, [['SPECK', 1, 'minor']]),
      incoming(lot('A2'), 26, 'fail', 50, [
        ['MOISTURE', 3, 'major'],
        ['FOREIGN', 1, 'critical'],
      ]),
      incoming(lot('A2'), 30, 'pass', 50),
      incoming(lot('A3'), 50, 'pass', 20),
      incoming(lot('B1'), 12, 'fail', 32, [['MOISTURE', 2, 'major']]),
      incoming(lot('B2'), 32, 'pass', 32, [['SPECK', 1, 'minor']]),
      incoming(lot('B3'), 762, 'pass', 40),
      inspect({
        target: unit('U1'),
        t: 40,
        kind: 'fct',
        result: 'fail',
        sample: 1,
        defects: [['SOLDER', 2, 'major']],
        step: 'fct_test',
        equipment: 'FCT-1',
      }),
    ];
    const md = [{ type: PARTY, id: A, attrs: { 'lg:name': 'Mill North', 'lg:role': 'supplier' } }];
    await ingestDocument(t.stores, t.projector, doc(events, md), { source: 'test', project: false });
  });

  it('scores every supplier per month with the default weights', async () => {
    const rows = await supplierScorecard(t.stores.duck, { period: 'month' });
    const common = {
      period: 'month',
      // No 8D case was opened on this set: a count of zero, and no mean days (no data, not zero).
      eightD: 0,
      daysToContainment: null,
      daysToClosure: null,
      onTimeDelivery: null,
    };
    expect(rows).toEqual([
      {
        ...common,
        supplier: A,
        supplierName: 'Mill North',
        periodStart: '2025-03-01',
        lotsReceived: 3,
        quantityReceived: [{ uom: 'KGM', quantity: 1700 }],
        lotsInspected: 3,
        lotsPassed: 2,
        acceptanceRate: 2 / 3,
        // (1 + 4 + 0) / (50 + 50 + 20) × 1e6
        ppmDefective: (5 / 120) * 1e6,
        ppmBasis: { defective: 5, sampleSize: 120 },
        defectsBySeverity: { minor: 1, major: 3, critical: 1 },
        // defaults: acceptance 0.6, ppm 0.3 (on-time has no data): (0.6 × 66.67 + 0.3 × 0) / 0.9 = 44.44
        score: expect.closeTo(400 / 9, 9) as unknown as number,
        grade: 'C',
      },
      {
        ...common,
        supplier: A,
        supplierName: 'Mill North',
        periodStart: '2025-04-01',
        lotsReceived: 1,
        quantityReceived: [{ uom: 'KGM', quantity: 800 }],
        lotsInspected: 0,
        lotsPassed: 0,
        acceptanceRate: null,
        ppmDefective: null,
        ppmBasis: { defective: 0, sampleSize: 0 },
        defectsBySeverity: { minor: 0, major: 0, critical: 0 },
        score: null,
        grade: null,
      },
      {
        ...common,
        supplier: B,
        supplierName: null,
        periodStart: '2025-03-01',
        lotsReceived: 2,
        quantityReceived: [
          { uom: 'BG', quantity: 300 },
          { uom: 'KGM', quantity: 400 },
        ],
        lotsInspected: 2,
        lotsPassed: 1,
        acceptanceRate: 0.5,
        // (2 + 1) / (32 + 32) × 1e6 = 46875
        ppmDefective: 46875,
        ppmBasis: { defective: 3, sampleSize: 64 },
        defectsBySeverity: { minor: 1, major: 2, critical: 0 },
        // (0.6 × 50 + 0.3 × 0) / 0.9
        score: expect.closeTo(100 / 3, 9) as unknown as number,
        grade: 'C',
      },
      {
        ...common,
        supplier: B,
        supplierName: null,
        periodStart: '2025-04-01',
        lotsReceived: 1,
        quantityReceived: [{ uom: 'KGM', quantity: 600 }],
        lotsInspected: 1,
        lotsPassed: 1,
        acceptanceRate: 1,
        ppmDefective: 0,
        ppmBasis: { defective: 0, sampleSize: 40 },
        defectsBySeverity: { minor: 0, major: 0, critical: 0 },
        score: 100,
        grade: 'A',
      },
    ]);
  });

  it('groups by year, filters by time and compares the suppliers of one material', async () => {
    const year = await supplierScorecard(t.stores.duck, { period: 'year' });
    expect(
      year.map((r) => [r.supplier, r.periodStart, r.lotsReceived, r.lotsInspected, r.lotsPassed]),
    ).toEqual([
      [A, '2025-01-01', 4, 3, 2],
      [B, '2025-01-01', 3, 3, 2],
    ]);
    // Only March receipts (A1–A3, B1, B2) in the quarter starting 2025-01-01.
    const q1 = await supplierScorecard(t.stores.duck, {
      period: 'quarter',
      from: '2025-03-01T00:00:00Z',
      to: '2025-04-01T00:00:00Z',
    });
    expect(q1.map((r) => [r.supplier, r.periodStart, r.lotsReceived])).toEqual([
      [A, '2025-01-01', 3],
      [B, '2025-01-01', 2],
    ]);
    // FLOUR only: A March = A1, A2: 1 of 2 accepted, (1 + 4) / 100 → 50 000 PPM.
    const flour = await supplierScorecard(t.stores.duck, {
      period: 'month',
      material: FLOUR,
      to: '2025-04-01',
    });
    expect(flour.map((r) => [r.supplier, r.lotsReceived, r.acceptanceRate, r.ppmDefective])).toEqual([
      [A, 2, 0.5, 50_000],
      [B, 2, 0.5, 46_875],
    ]);
    const one = await supplierScorecard(t.stores.duck, { period: 'month', supplier: B });
    expect(one.map((r) => r.periodStart)).toEqual(['2025-03-01', '2025-04-01']);
  });

  it('drills down to the lots and first incoming inspections of a supplier-month', async () => {
    const lots = await scorecardLots(t.stores.duck, { supplier: A, period: 'month', start: '2025-03-01' });
    expect(lots.map((l) => [l.objectId, l.material, l.quantity, l.uom, l.receivedAt])).toEqual([
      [lot('A1'), FLOUR, 1000, 'KGM', '2025-03-01T06:00:00.000Z'],
      [lot('A2'), FLOUR, 500, 'KGM', '2025-03-02T06:00:00.000Z'],
      [lot('A3'), SUGAR, 200, 'KGM', '2025-03-03T06:00:00.000Z'],
    ]);
    expect(
      lots.map((l) => l.inspection && { ...l.inspection, eventId: typeof l.inspection.eventId }),
    ).toEqual([
      {
        eventId: 'string',
        inspectedAt: '2025-03-01T08:00:00.000Z',
        result: 'pass',
        sampleSize: 50,
        defective: 1,
        defectsBySeverity: { minor: 1, major: 0, critical: 0 },
      },
      {
        eventId: 'string',
        inspectedAt: '2025-03-02T08:00:00.000Z',
        result: 'fail',
        sampleSize: 50,
        defective: 4,
        defectsBySeverity: { minor: 0, major: 3, critical: 1 },
      },
      {
        eventId: 'string',
        inspectedAt: '2025-03-03T08:00:00.000Z',
        result: 'pass',
        sampleSize: 20,
        defective: 0,
        defectsBySeverity: { minor: 0, major: 0, critical: 0 },
      },
    ]);
    const april = await scorecardLots(t.stores.duck, { supplier: A, period: 'month', start: '2025-04-01' });
    expect(april.map((l) => [l.objectId, l.inspection])).toEqual([[lot('A4'), null]]);
  });

  it('changes weights and thresholds with an audit entry, and grades with them', async () => {
    const before = await getScorecardConfig(t.stores.duck);
    expect(before).toEqual({
      weights: { acceptance: 0.6, ppm: 0.3, onTime: 0.1 },
      ppmZero: 10_000,
      gradeA: 90,
      gradeB: 75,
    });
    const after = { weights: { acceptance: 1, ppm: 1, onTime: 0 }, ppmZero: 100_000, gradeA: 80, gradeB: 50 };
    await expect(
      setScorecardConfig(t.stores.duck, { actor: 'qm:anna', reason: '', config: after }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      problems: [{ field: 'reason', reason: 'is required' }],
    });
    await expect(
      setScorecardConfig(t.stores.duck, {
        actor: 'qm:anna',
        reason: 'x',
        config: { ...after, gradeA: 40 },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await setScorecardConfig(t.stores.duck, {
      actor: 'qm:anna',
      reason: 'PPM matters as much as acceptance',
      config: after,
    });
    expect(await getScorecardConfig(t.stores.duck)).toEqual(after);
    const audit = await readAudit(t.stores.duck, { action: 'scorecard.config' });
    expect(audit.map((e) => [e.actor, e.subject, e.before, e.after, e.reason])).toEqual([
      ['qm:anna', 'scorecard_config', before, after, 'PPM matters as much as acceptance'],
    ]);
    // A March: (66.67 + 100 × (1 − 41 666.67 / 100 000)) / 2 = (66.67 + 58.33) / 2 = 62.5 → B
    const [aMarch] = await supplierScorecard(t.stores.duck, { period: 'month', supplier: A });
    expect([aMarch!.score, aMarch!.grade]).toEqual([expect.closeTo(62.5, 9), 'B']);
    await setScorecardConfig(t.stores.duck, {
      actor: 'qm:anna',
      reason: 'back to the defaults',
      config: before,
    });
  });

  it('builds the defect Pareto by code with the vital few', async () => {
    // MOISTURE 3 + 2 = 5, SOLDER 2, SPECK 1 + 1 = 2 (tie: by name), FOREIGN 1; total 10.
    // Cumulative 0.5, 0.7, 0.9 (reaches 80 %: last of the vital few), 1.0.
    const bars = await defectPareto(t.stores.duck, { dimension: 'code' });
    expect(bars).toEqual([
      { name: 'MOISTURE', count: 5, objects: 2, share: 0.5, cumulativeShare: 0.5, vitalFew: true },
      { name: 'SOLDER', count: 2, objects: 1, share: 0.2, cumulativeShare: 0.7, vitalFew: true },
      {
        name: 'SPECK',
        count: 2,
        objects: 2,
        share: 0.2,
        cumulativeShare: expect.closeTo(0.9, 12),
        vitalFew: true,
      },
      {
        name: 'FOREIGN',
        count: 1,
        objects: 1,
        share: 0.1,
        cumulativeShare: expect.closeTo(1, 12),
        vitalFew: false,
      },
    ]);
  });

  it('builds the Pareto by supplier, material, step and equipment, with a period', async () => {
    const names = async (dimension: ParetoDimension, from?: string) =>
      (await defectPareto(t.stores.duck, { dimension, from })).map((b) => [b.name, b.count, b.vitalFew]);
    // A: 1 + 4 = 5 (0.5), B: 3 (0.8: reaches the cut), the unit has no supplier: 2.
    expect(await names('supplier')).toEqual([
      [A, 5, true],
      [B, 3, true],
      ['(none)', 2, false],
    ]);
    expect(await names('material')).toEqual([
      [FLOUR, 8, true],
      ['(none)', 2, false],
    ]);
    expect(await names('step')).toEqual([
      ['incoming_inspection', 8, true],
      ['fct_test', 2, false],
    ]);
    expect(await names('equipment')).toEqual([
      ['LAB-1', 8, true],
      ['FCT-1', 2, false],
    ]);
    // From March 2: A1's and B1's inspections (March 1) are left out. MOISTURE 3, SOLDER 2, FOREIGN 1,
    // SPECK 1 (tie: by name); total 7, cumulative 3/7, 5/7, 6/7 = 0.857 (reaches the cut), 1.
    expect(await names('code', '2025-03-02T00:00:00Z')).toEqual([
      ['MOISTURE', 3, true],
      ['SOLDER', 2, true],
      ['FOREIGN', 1, true],
      ['SPECK', 1, false],
    ]);
    // FLOUR only: no unit defects.
    const flour = await defectPareto(t.stores.duck, { dimension: 'code', material: FLOUR });
    expect(flour.map((b) => [b.name, b.count])).toEqual([
      ['MOISTURE', 5],
      ['SPECK', 2],
      ['FOREIGN', 1],
    ]);
  });

  it('drills down to the lots and units of one bar', async () => {
    const items = await paretoItems(t.stores.duck, { dimension: 'code', value: 'MOISTURE' });
    expect(items.map((i) => [i.objectId, i.kind, i.defects, i.inspections, i.firstAt])).toEqual([
      [lot('A2'), 'lot', 3, 1, '2025-03-02T08:00:00.000Z'],
      [lot('B1'), 'lot', 2, 1, '2025-03-01T18:00:00.000Z'],
    ]);
    const units = await paretoItems(t.stores.duck, { dimension: 'equipment', value: 'FCT-1' });
    expect(units.map((i) => [i.objectId, i.kind, i.defects])).toEqual([[unit('U1'), 'unit', 2]]);
  });

  it('pages the lots and units of a bar, most defects first, with their total', async () => {
    const moisture = { dimension: 'code' as const, value: 'MOISTURE' };
    const first = await paretoItemsPage(t.stores.duck, { ...moisture, limit: 1, offset: 0 });
    expect([first.total, first.items.map((i) => i.objectId)]).toEqual([2, [lot('A2')]]);
    const second = await paretoItemsPage(t.stores.duck, { ...moisture, limit: 1, offset: 1 });
    expect([second.total, second.items.map((i) => i.objectId)]).toEqual([2, [lot('B1')]]);
    const past = await paretoItemsPage(t.stores.duck, { ...moisture, limit: 1, offset: 5 });
    expect([past.total, past.items]).toEqual([2, []]);
  });

  it('draws the p-chart of the incoming lot pass rate', async () => {
    // March: A1 pass, A2 fail, A3 pass, B1 fail, B2 pass → 3 of 5; April: B3 pass → 1 of 1.
    // p̄ = 4/6 = 2/3. March σ = √(2/3 · 1/3 / 5) = √(2/45) = 0.210819; LCL = 2/3 − 0.632456 = 0.034211,
    // UCL = 1.299 → 1; z = (0.6 − 2/3)/σ = −0.316228. April σ = √(2/9) = 0.471405; LCL → 0, UCL → 1;
    // z = (1/3)/σ = 0.707107. No rule fires.
    const chart = await incomingPChart(t.stores.duck, 'month');
    expect(chart.centre).toBeCloseTo(2 / 3, 12);
    expect(chart.points.map((p) => [p.periodStart, p.n, p.passed, p.p, p.ucl, p.lcl, p.rules])).toEqual([
      ['2025-03-01', 5, 3, 0.6, 1, expect.closeTo(0.034211, 6), []],
      ['2025-04-01', 1, 1, 1, 1, 0, []],
    ]);
    expect(chart.points.map((p) => p.z)).toEqual([expect.closeTo(-0.316228, 6), expect.closeTo(0.707107, 6)]);
    // ISO weeks: Mon 2025-02-24 (Sat–Sun Mar 1–2: A1, B1, A2, B2 → 2 of 4), Mon 2025-03-03 (A3), Mon 2025-03-31 (B3).
    const weeks = await incomingPChart(t.stores.duck, 'week');
    expect(weeks.points.map((p) => [p.periodStart, p.n, p.passed])).toEqual([
      ['2025-02-24', 4, 2],
      ['2025-03-03', 1, 1],
      ['2025-03-31', 1, 1],
    ]);
  });

  it('serves all of it over REST and rejects bad parameters', async () => {
    const server = await startTestServer(t);
    try {
      const base = `${server.base}/api/analytics`;
      const get = async (path: string) => {
        const res = await adminFetch(`${base}${path}`);
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      const sc = await get(`/suppliers/scorecard?period=year&supplier=${encodeURIComponent(B)}`);
      expect(sc.status).toBe(200);
      expect((sc.body['rows'] as { lotsReceived: number }[]).map((r) => r.lotsReceived)).toEqual([3]);
      const lots = await get(
        `/suppliers/scorecard/lots?supplier=${encodeURIComponent(B)}&period=month&start=2025-04-01`,
      );
      expect((lots.body['lots'] as { objectId: string }[]).map((l) => l.objectId)).toEqual([lot('B3')]);
      const pareto = await get('/pareto?dimension=code&from=2025-03-01T00:00:00Z&to=2025-05-01T00:00:00Z');
      expect((pareto.body['bars'] as { name: string }[]).map((b) => b.name)).toEqual([
        'MOISTURE',
        'SOLDER',
        'SPECK',
        'FOREIGN',
      ]);
      const items = await get('/pareto/items?dimension=code&value=SPECK');
      expect((items.body['items'] as { objectId: string }[]).map((i) => i.objectId)).toEqual([
        lot('A1'),
        lot('B2'),
      ]);
      const spc = await get('/spc/incoming?period=month');
      expect((spc.body['points'] as unknown[]).length).toBe(2);

      const bad = await get('/suppliers/scorecard?period=decade&from=yesterday');
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({
        error: {
          code: 'INVALID_INPUT',
          problems: [
            { field: 'period', reason: expect.any(String) as unknown as string },
            { field: 'from', reason: 'must be an ISO 8601 date-time' },
          ],
        },
      });
      expect((await get('/pareto?dimension=colour')).status).toBe(400);
      expect((await get('/pareto/items?dimension=code')).body).toMatchObject({
        error: { problems: [{ field: 'value' }] },
      });
      expect((await get('/suppliers/scorecard/lots?supplier=x&start=2025-13-01')).status).toBe(400);
      expect((await get('/spc/incoming?period=day')).status).toBe(400);
    } finally {
      await server.close();
    }
  });
});

describe('on the demo', () => {
  let d: TestStores;
  const events: Record<string, unknown>[] = [];
  beforeAll(async () => {
    d = await openTestStores();
    for (const document of generateDemo({ scale: 0.05, seed: 1 }).documents) {
      events.push(...((document['epcisBody'] as { eventList: Record<string, unknown>[] }).eventList ?? []));
      await ingestDocument(d.stores, d.projector, document, { source: 'demo', project: false });
    }
  });
  afterAll(async () => d?.close());

  it('agrees with lots received and accepted recomputed from the generated events', async () => {
    // Independently: every receiving ADD names its supplier and lots; a lot's verdict is its
    // earliest incoming inspection; both counted per supplier and UTC month of receipt.
    type Insp = { 'lg:kind': string; 'lg:result': string };
    const firstVerdict = new Map<string, { time: string; result: string }>();
    for (const e of events) {
      const i = e['lg:inspection'] as Insp | undefined;
      if (!i || i['lg:kind'] !== 'incoming' || !['pass', 'fail'].includes(i['lg:result'])) continue;
      for (const q of (e['quantityList'] as { epcClass: string }[] | undefined) ?? []) {
        const prev = firstVerdict.get(q.epcClass);
        const time = new Date(e['eventTime'] as string).toISOString();
        if (!prev || time < prev.time) firstVerdict.set(q.epcClass, { time, result: i['lg:result'] });
      }
    }
    const expected = new Map<string, { lots: Set<string>; inspected: number; passed: number }>();
    for (const e of events) {
      if (e['bizStep'] !== 'receiving' || e['action'] !== 'ADD') continue;
      const supplier = (e['sourceList'] as { type: string; source: string }[]).find(
        (s) => s.type === 'owning_party',
      )!.source;
      const month = `${new Date(e['eventTime'] as string).toISOString().slice(0, 7)}-01`;
      const k = `${supplier} ${month}`;
      const agg = expected.get(k) ?? { lots: new Set<string>(), inspected: 0, passed: 0 };
      for (const q of e['quantityList'] as { epcClass: string }[]) {
        if (agg.lots.has(q.epcClass)) continue;
        agg.lots.add(q.epcClass);
        const v = firstVerdict.get(q.epcClass);
        if (v) {
          agg.inspected++;
          if (v.result === 'pass') agg.passed++;
        }
      }
      expected.set(k, agg);
    }
    const rows = await supplierScorecard(d.stores.duck, { period: 'month' });
    const got = Object.fromEntries(
      rows.map((r) => [
        `${r.supplier} ${r.periodStart}`,
        [r.lotsReceived, r.lotsInspected, r.acceptanceRate],
      ]),
    );
    const want = Object.fromEntries(
      [...expected].map(([k, a]) => [
        k,
        [a.lots.size, a.inspected, a.inspected ? a.passed / a.inspected : null],
      ]),
    );
    expect(Object.keys(want).length).toBeGreaterThan(3);
    // the comparison covers inspected lots and failures, not only receipts
    expect(rows.reduce((s, r) => s + r.lotsInspected, 0)).toBeGreaterThan(0);
    expect(rows.some((r) => r.lotsPassed < r.lotsInspected)).toBe(true);
    expect(got).toEqual(want);
  });
});
