// Mock-recall drills over HTTP on the hand-built plants (test/fixtures/plants.fixture.ts), real
// stores: the clock, a live scope while running, a mass balance per lot, physical counts, the
// saved report, the audit trail, and who may do what. Figures are worked out by hand from the fixture.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestDocument } from '../../etl/ingest.ts';
import { at, doc, lot, material, party, ship } from '../builders/epcis.builder.ts';
import { plantsDocument } from '../fixtures/plants.fixture.ts';
import { adminFetch, bearer, tokenFor, actorFor } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

let t: TestStores;
let server: TestServer | undefined;
let base: string;
let qe: string;
let qeActor: string;
let procurement: string;
let supplier: string;

// BREAD-2 (60 baked, packed in CASE-3, never shipped) is destroyed after the bake.
const destroyBread2 = {
  type: 'ObjectEvent',
  eventTime: at(8.5),
  eventTimeZoneOffset: '+00:00',
  action: 'DELETE',
  bizStep: 'destroying',
  disposition: 'destroyed',
  quantityList: [{ epcClass: lot('BREAD-2'), quantity: 60, uom: 'H87' }],
};
const capture = (events: Record<string, unknown>[]) =>
  ingestDocument(t.stores, t.projector, doc(events), { source: 'test' });

beforeAll(async () => {
  t = await openTestStores();
  await ingestDocument(t.stores, t.projector, plantsDocument(), { source: 'test' });
  await capture([destroyBread2]);
  server = await startTestServer(t);
  base = server.base;
  qe = await tokenFor(base, 'quality_engineer');
  procurement = await tokenFor(base, 'procurement');
  supplier = await tokenFor(base, 'supplier', { supplierId: party('CHEM-A') });
  qeActor = await actorFor(base, qe);
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

type Json = Record<string, unknown>;
interface Drill {
  drillId: string;
  root: { id: string; kind: string; code: string };
  status: string;
  startedBy: string;
  startedAt: string;
  confirmedBy: string | null;
  confirmedAt: string | null;
  durationSeconds: number | null;
  note: string | null;
  scope: { customers: { id: string }[]; lots: { id: string }[] } & Json;
  balance: Json[];
  balanced: boolean;
}

const call = async (token: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${base}/api${path}`, {
    method,
    headers: { ...bearer(token), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Json };
};
const fields = (body: Json) =>
  ((body['error'] as { problems?: { field?: string }[] }).problems ?? []).map((p) => p.field);

interface Figures {
  received?: number;
  produced?: number;
  consumed?: number;
  shipped?: number;
  scrapped?: number;
  inStock?: number;
  counted?: number | null;
}
const balanceLine = (code: string, mat: string, materialName: string, uom: string, f: Figures) => {
  const b = {
    received: f.received ?? 0,
    produced: f.produced ?? 0,
    consumed: f.consumed ?? 0,
    inStock: f.inStock ?? 0,
    shipped: f.shipped ?? 0,
    scrapped: f.scrapped ?? 0,
    counted: f.counted ?? null,
  };
  return {
    lot: lot(code),
    code,
    material: material(mat),
    materialName,
    uom,
    ...b,
    difference: b.received + b.produced - b.consumed - b.shipped - b.scrapped - (b.counted ?? b.inStock),
  };
};
// ADD-1's scope: ADD-1 (10 kg received; 1 kg into MIX-1, 1 kg into MIX-2), DOUGH-1 (103 made, all
// baked into BREAD-1), DOUGH-2 (101 made; 50 into BREAD-1, 51 into BREAD-2), BREAD-1 (100 baked;
// 2 cases of 40 shipped on SHIP-1, 20 left), BREAD-2 (60 baked, destroyed: 60 scrapped).
const expectedBalance = (
  bread1: { shipped: number; counted?: number },
  add1Counted: number | null = null,
) => [
  balanceLine('ADD-1', 'ADDITIVE', 'Additive', 'KGM', {
    received: 10,
    consumed: 1 + 1,
    inStock: 10 - 2,
    counted: add1Counted,
  }),
  balanceLine('BREAD-1', 'BREAD', 'Bread', 'H87', {
    produced: 100,
    shipped: bread1.shipped,
    inStock: 100 - bread1.shipped,
    counted: bread1.counted ?? null,
  }),
  balanceLine('BREAD-2', 'BREAD', 'Bread', 'H87', { produced: 60, scrapped: 60 }),
  balanceLine('DOUGH-1', 'DOUGH', 'Dough', 'KGM', { produced: 103, consumed: 103 }),
  balanceLine('DOUGH-2', 'DOUGH', 'Dough', 'KGM', { produced: 101, consumed: 50 + 51 }),
];

describe('mock-recall drills', () => {
  const year = new Date().getUTCFullYear();
  let started: Drill;
  let confirmed: Drill;

  it('starts a drill: the clock runs, the scope and the mass balance per lot are shown', async () => {
    const res = await call(qe, 'POST', '/drills', { id: 'ADD-1' });
    expect(res.status).toBe(201);
    started = res.body as unknown as Drill;
    expect(started).toMatchObject({
      drillId: `DR-${year}-0001`,
      root: { id: lot('ADD-1'), kind: 'lot', code: 'ADD-1' },
      status: 'running',
      startedBy: qeActor,
      confirmedBy: null,
      confirmedAt: null,
      durationSeconds: null,
      note: null,
      balanced: true,
    });
    expect(Date.parse(started.startedAt)).toBeLessThanOrEqual(Date.now());
    expect(started.balance).toEqual(expectedBalance({ shipped: 40 + 40 }));
    expect(started.scope.customers.map((c) => c.id)).toEqual([party('CUST-A')]);
  });

  it('lists the running drill', async () => {
    const list = await call(procurement, 'GET', '/drills');
    expect(list.status).toBe(200);
    expect(list.body['drills']).toEqual([
      {
        drillId: started.drillId,
        root: started.root,
        status: 'running',
        startedBy: qeActor,
        startedAt: started.startedAt,
        confirmedAt: null,
        durationSeconds: null,
        lots: 5,
        customers: 1,
        balanced: true,
      },
    ]);
  });

  it('recomputes the live scope and balance while the drill runs', async () => {
    await capture([
      ship({ shipment: 'SHIP-5', customer: party('CUST-B'), t: 10, lots: [[lot('BREAD-1'), 10, 'H87']] }),
    ]);
    const res = await call(procurement, 'GET', `/drills/${started.drillId}`);
    expect(res.status).toBe(200);
    const d = res.body as unknown as Drill;
    expect(d.status).toBe('running');
    expect(d.balance).toEqual(expectedBalance({ shipped: 40 + 40 + 10 }));
    expect(d.scope.customers.map((c) => c.id)).toEqual([party('CUST-A'), party('CUST-B')]);
  });

  it('refuses counts of lots outside the scope, negative or twice, and keeps the drill running', async () => {
    const confirm = (counts: unknown) => call(qe, 'POST', `/drills/${started.drillId}/confirm`, { counts });
    const outside = await confirm([{ lot: lot('FLOUR-1'), qty: 1 }]);
    expect(outside.status).toBe(400);
    expect(fields(outside.body)).toEqual(['counts.0.lot']);
    const negative = await confirm([
      { lot: lot('ADD-1'), qty: 8 },
      { lot: lot('BREAD-1'), qty: -1 },
    ]);
    expect(negative.status).toBe(400);
    expect(fields(negative.body)).toEqual(['counts.1.qty']);
    const twice = await confirm([
      { lot: lot('ADD-1'), qty: 8 },
      { lot: lot('ADD-1'), qty: 7 },
    ]);
    expect(twice.status).toBe(400);
    expect(fields(twice.body)).toEqual(['counts.1.lot']);
    expect((await call(qe, 'GET', `/drills/${started.drillId}`)).body['status']).toBe('running');
  });

  it('lets every staff role read drills, only recall:manage run them, and no supplier in', async () => {
    expect((await call(procurement, 'GET', `/drills/${started.drillId}`)).status).toBe(200);
    expect((await call(procurement, 'POST', '/drills', { id: 'ADD-1' })).status).toBe(403);
    expect((await call(procurement, 'POST', `/drills/${started.drillId}/confirm`, {})).status).toBe(403);
    expect((await call(supplier, 'GET', '/drills')).status).toBe(403);
    expect((await call(supplier, 'GET', `/drills/${started.drillId}`)).status).toBe(403);
    expect((await call(qe, 'GET', '/drills/DR-1999-0001')).status).toBe(404);
    expect((await call(qe, 'POST', '/drills', { id: 'NO-SUCH-LOT' })).status).toBe(404);
    const blank = await call(qe, 'POST', '/drills', { id: ' ' });
    expect(blank.status).toBe(400);
    expect(fields(blank.body)).toEqual(['id']);
  });

  it('confirms: the clock stops, counts that differ from the book show as differences', async () => {
    const res = await call(qe, 'POST', `/drills/${started.drillId}/confirm`, {
      counts: [
        { lot: lot('BREAD-1'), qty: 7 },
        { lot: lot('ADD-1'), qty: 8 },
      ],
      note: 'quarterly drill',
    });
    expect(res.status).toBe(200);
    confirmed = res.body as unknown as Drill;
    expect(confirmed).toMatchObject({
      drillId: started.drillId,
      status: 'confirmed',
      startedAt: started.startedAt,
      confirmedBy: qeActor,
      note: 'quarterly drill',
      balanced: false,
    });
    expect(confirmed.durationSeconds).toBe(
      (Date.parse(confirmed.confirmedAt!) - Date.parse(started.startedAt)) / 1000,
    );
    expect(confirmed.durationSeconds).toBeGreaterThanOrEqual(0);
    // BREAD-1: book 100 - 90 = 10, counted 7 -> 3 missing; ADD-1 counted as booked.
    const balance = expectedBalance({ shipped: 90, counted: 7 }, 8);
    expect(confirmed.balance).toEqual(balance);
    expect(confirmed.balance.find((l) => l['lot'] === lot('BREAD-1'))!['difference']).toBe(10 - 7);
    expect((await call(qe, 'POST', `/drills/${started.drillId}/confirm`, {})).status).toBe(409);
  });

  it('reads a confirmed drill back as saved, whatever happens after', async () => {
    await capture([
      ship({ shipment: 'SHIP-6', customer: party('CUST-A'), t: 11, lots: [[lot('BREAD-1'), 5, 'H87']] }),
    ]);
    const res = await call(procurement, 'GET', `/drills/${started.drillId}`);
    expect(res.body).toEqual(confirmed);
    const list = await call(qe, 'GET', '/drills');
    expect(list.body['drills']).toEqual([
      {
        drillId: started.drillId,
        root: started.root,
        status: 'confirmed',
        startedBy: qeActor,
        startedAt: started.startedAt,
        confirmedAt: confirmed.confirmedAt,
        durationSeconds: confirmed.durationSeconds,
        lots: 5,
        customers: 2,
        balanced: false,
      },
    ]);
  });

  it('audits the start and the confirmation with who and why', async () => {
    const res = await adminFetch(`${base}/api/audit?subject=${started.drillId}`);
    const entries = ((await res.json()) as { entries: Json[] }).entries;
    expect(entries.map((e) => [e['action'], e['actor'], e['reason']])).toEqual([
      ['drill.start', qeActor, null],
      ['drill.confirm', qeActor, 'quarterly drill'],
    ]);
    expect(entries[1]!['after']).toMatchObject({
      status: 'confirmed',
      balanced: false,
      differences: [{ lot: lot('BREAD-1'), difference: 3 }],
    });
  });
});
