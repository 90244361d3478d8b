// A supplier's portal user tries every REST door and sees only its own lots, inspections and
// figures; another supplier's lot is a plain 404, like a lot that does not exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestDocument } from '../../etl/ingest.ts';
import {
  doc,
  inspect,
  lot,
  material,
  party,
  PARTY,
  receive,
  transform,
  EPC_CLASS,
} from '../builders/epcis.builder.ts';
import { bearer, tokenFor } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

const ACME = party('ACME');
const BOLT = party('BOLT');
const BOLTS = material('BOLTS');
// Two suppliers; both ship a lot under supplier lot number SL-9; the plant mixes one lot of each.
const events = [
  receive({
    lot: lot('A1'),
    qty: 100,
    uom: 'H87',
    supplier: ACME,
    material: BOLTS,
    t: 0,
    supplierLot: 'SL-9',
  }),
  receive({
    lot: lot('A2'),
    qty: 100,
    uom: 'H87',
    supplier: ACME,
    material: BOLTS,
    t: 0,
    supplierLot: 'SL-A2',
  }),
  receive({
    lot: lot('B1'),
    qty: 100,
    uom: 'H87',
    supplier: BOLT,
    material: BOLTS,
    t: 0,
    supplierLot: 'SL-9',
  }),
  inspect({ target: lot('A1'), t: 1, kind: 'incoming', result: 'pass', sample: 50 }),
  inspect({ target: lot('A2'), t: 1, kind: 'incoming', result: 'fail', sample: 50, defects: [['CRACK', 2]] }),
  inspect({ target: lot('B1'), t: 1, kind: 'incoming', result: 'fail', sample: 20, defects: [['RUST', 3]] }),
  transform({
    op: 'MIX-1',
    t: 2,
    step: 'assembly',
    inLots: [
      [lot('A1'), 10, 'H87'],
      [lot('B1'), 10, 'H87'],
    ],
    outLots: [[lot('P1'), 5, 'H87']],
  }),
  inspect({ target: lot('P1'), t: 3, kind: 'final', result: 'fail', defects: [['DENT', 1]] }),
];
const masterData: { type: string; id: string; attrs: Record<string, string> }[] = [
  { type: PARTY, id: ACME, attrs: { 'lg:name': 'Acme Parts', 'lg:role': 'supplier' } },
  { type: PARTY, id: BOLT, attrs: { 'lg:name': 'Bolt Supply', 'lg:role': 'supplier' } },
  { type: EPC_CLASS, id: BOLTS, attrs: { 'lg:name': 'Bolts', 'lg:materialType': 'raw' } },
];

let t: TestStores;
let server: TestServer;
let acme: string; // ACME's supplier user
let staff: string; // a quality engineer

beforeAll(async () => {
  t = await openTestStores();
  await ingestDocument(t.stores, t.projector, doc(events, masterData), { source: 'test', actor: 'test' });
  server = await startTestServer(t);
  acme = await tokenFor(server.base, 'supplier', { supplierId: ACME });
  staff = await tokenFor(server.base, 'quality_engineer');
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

/** The answers this file reads, loosely: each endpoint fills its own fields. */
interface Body {
  nodes: { id: string }[];
  edges: { type: string }[];
  root: { id: string };
  error: { code: string; candidates: { id: string }[] };
  rows: { supplier: string; lotsReceived: number; lotsPassed: number }[];
  lots: { objectId: string }[];
  bars: { name: string; count: number }[];
  items: { objectId: string }[];
  points: { periodStart: string; n: number; passed: number }[];
  objects: number;
  containers: number;
  total: number;
  layers: { depth: number; objects: number; lots: number; units: number }[];
}

async function get(token: string, path: string) {
  const res = await fetch(server.base + path, { headers: bearer(token) });
  return { status: res.status, body: (await res.json()) as Body };
}
const q = encodeURIComponent;
const nodeIds = (b: Body) => b.nodes.map((n) => n.id).sort();
const inspectionOf = (code: string) => `urn:lotgraph:lot:${code}`; // inspections hang off the lot id

describe('a supplier user through every REST door', () => {
  it('traces its own lot back and forward, and sees only that lot, itself and its inspection', async () => {
    for (const dir of ['backward', 'forward']) {
      const r = await get(acme, `/api/trace/${dir}?id=${q(lot('A1'))}`);
      expect(r.status).toBe(200);
      const ids = nodeIds(r.body);
      expect(ids.filter((i) => !i.includes('|'))).toEqual([ACME, lot('A1')].sort());
      // the one inspection node, of A1
      expect(ids.filter((i) => i.includes('|'))).toHaveLength(1);
      expect(ids.find((i) => i.includes('|'))).toContain(inspectionOf('A1'));
      expect((r.body['edges'] as { type: string }[]).map((e) => e.type).sort()).toEqual([
        'INSPECTED',
        'SUPPLIED_BY',
      ]);
    }
    // staff see the mix and the product downstream
    const s = await get(staff, `/api/trace/forward?id=${q(lot('A1'))}`);
    expect(nodeIds(s.body)).toEqual([lot('A1'), lot('P1')].sort());
  });

  it('sees its own lot alone in a forward trace in layers; staff see the layer downstream', async () => {
    const layers = await get(acme, `/api/trace/forward/layers?id=${q(lot('A1'))}`);
    expect(layers.status).toBe(200);
    expect(layers.body).toMatchObject({
      root: { id: lot('A1') },
      objects: 1,
      containers: 0,
      layers: [{ depth: 0, objects: 1, lots: 1, units: 0 }],
    });
    const own = await get(acme, `/api/trace/forward/layer?id=${q(lot('A1'))}&depth=0`);
    const whole = await get(acme, `/api/trace/forward?id=${q(lot('A1'))}`);
    expect(nodeIds(own.body)).toEqual(nodeIds(whole.body));
    const next = await get(acme, `/api/trace/forward/layer?id=${q(lot('A1'))}&depth=1`);
    expect(next.status).toBe(200);
    expect(nodeIds(next.body)).toEqual([lot('A1')]);
    expect(next.body['total']).toBe(0);
    const staffLayers = await get(staff, `/api/trace/forward/layers?id=${q(lot('A1'))}`);
    expect(staffLayers.body['layers']).toEqual([
      { depth: 0, objects: 1, lots: 1, units: 0 },
      { depth: 1, objects: 1, lots: 1, units: 0 },
    ]);
    const staffNext = await get(staff, `/api/trace/forward/layer?id=${q(lot('A1'))}&depth=1`);
    expect(nodeIds(staffNext.body)).toEqual([lot('A1'), lot('P1')].sort());
    for (const path of ['layers', 'layer'])
      expect((await get(acme, `/api/trace/forward/${path}?id=${q(lot('B1'))}&depth=0`)).status).toBe(404);
  });

  it("gets the same 404 for another supplier's lot, a plant lot and a lot that does not exist", async () => {
    for (const id of [lot('B1'), lot('P1'), 'B1', 'P1', lot('NO-SUCH')]) {
      for (const dir of ['backward', 'forward']) {
        const r = await get(acme, `/api/trace/${dir}?id=${q(id)}`);
        expect(r.status, `${dir} ${id}`).toBe(404);
        expect(r.body).toEqual({
          error: { code: 'NOT_FOUND', message: `no lot, unit or container is known as "${id}"`, id },
        });
      }
    }
  });

  it('resolves a supplier lot number shared with another supplier to its own lot only', async () => {
    const mine = await get(acme, '/api/trace/backward?id=SL-9');
    expect(mine.status).toBe(200);
    expect(mine.body['root'].id).toBe(lot('A1'));
    const both = await get(staff, '/api/trace/backward?id=SL-9');
    expect(both.status).toBe(409);
    expect((both.body['error'].candidates as { id: string }[]).map((c) => c.id).sort()).toEqual([
      lot('A1'),
      lot('B1'),
    ]);
  });

  it('may not run a recall, yield analysis, the audit trail, user admin or capture', async () => {
    for (const path of [
      `/api/recall?id=${q(lot('A1'))}`,
      '/api/analytics/yield/factors?step=assembly&inspection=final',
      '/api/audit',
      '/api/audit/verify',
      '/api/users',
      '/api/vda63/owners',
    ]) {
      const r = await get(acme, path);
      expect(r.status, path).toBe(403);
      expect(r.body['error'].code).toBe('FORBIDDEN');
      expect(JSON.stringify(r.body)).not.toMatch(/BOLT|B1|P1/);
    }
    const post = await fetch(`${server.base}/api/events`, {
      method: 'POST',
      headers: { ...bearer(acme), 'content-type': 'application/json' },
      body: JSON.stringify(doc([receive({ lot: lot('X'), qty: 1, uom: 'H87', supplier: ACME, t: 5 })])),
    });
    expect(post.status).toBe(403);
  });

  it('sees its own scorecard only; another supplier is unknown', async () => {
    const mine = await get(acme, '/api/analytics/suppliers/scorecard?period=month');
    expect(mine.status).toBe(200);
    const rows = mine.body['rows'] as { supplier: string; lotsReceived: number; lotsPassed: number }[];
    expect(rows.map((r) => [r.supplier, r.lotsReceived, r.lotsPassed])).toEqual([[ACME, 2, 1]]);
    const all = await get(staff, '/api/analytics/suppliers/scorecard?period=month');
    expect((all.body['rows'] as { supplier: string }[]).map((r) => r.supplier).sort()).toEqual([ACME, BOLT]);

    expect((await get(acme, `/api/analytics/suppliers/scorecard?supplier=${q(BOLT)}`)).status).toBe(404);
    const lots = await get(
      acme,
      `/api/analytics/suppliers/scorecard/lots?supplier=${q(ACME)}&start=2025-03-01`,
    );
    expect((lots.body['lots'] as { objectId: string }[]).map((l) => l.objectId).sort()).toEqual([
      lot('A1'),
      lot('A2'),
    ]);
    const other = await get(
      acme,
      `/api/analytics/suppliers/scorecard/lots?supplier=${q(BOLT)}&start=2025-03-01`,
    );
    expect(other.status).toBe(404);
  });

  it('sees only defects on its own lots in the Pareto and the p-chart', async () => {
    const bars = (b: Body) => b.bars.map((x) => [x.name, x.count]);
    expect(bars((await get(acme, '/api/analytics/pareto?dimension=code')).body)).toEqual([['CRACK', 2]]);
    expect(bars((await get(staff, '/api/analytics/pareto?dimension=code')).body)).toEqual([
      ['RUST', 3],
      ['CRACK', 2],
      ['DENT', 1],
    ]);
    expect(bars((await get(acme, '/api/analytics/pareto?dimension=supplier')).body)).toEqual([[ACME, 2]]);
    const rust = await get(acme, '/api/analytics/pareto/items?dimension=code&value=RUST');
    expect(rust.body['items']).toEqual([]);
    const rustStaff = await get(staff, '/api/analytics/pareto/items?dimension=code&value=RUST');
    expect((rustStaff.body['items'] as { objectId: string }[]).map((i) => i.objectId)).toEqual([lot('B1')]);

    const points = (b: Body) => b.points.map((p) => [p.periodStart, p.n, p.passed]);
    expect(points((await get(acme, '/api/analytics/spc/incoming')).body)).toEqual([['2025-03-01', 2, 1]]);
    expect(points((await get(staff, '/api/analytics/spc/incoming')).body)).toEqual([['2025-03-01', 3, 1]]);
  });

  it('lists only itself among suppliers, and sees no store details in health', async () => {
    expect((await get(acme, '/api/suppliers')).body).toEqual({
      suppliers: [{ id: ACME, name: 'Acme Parts' }],
    });
    expect((await get(staff, '/api/suppliers')).body).toEqual({
      suppliers: [
        { id: ACME, name: 'Acme Parts' },
        { id: BOLT, name: 'Bolt Supply' },
      ],
    });
    const h = await get(acme, '/api/health');
    expect(Object.keys(h.body).sort()).toEqual(['service', 'status', 'stores']);
    expect(JSON.stringify(h.body)).not.toContain(t.dir);
  });
});
