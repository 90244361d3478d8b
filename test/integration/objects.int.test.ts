// GET /api/resolve and GET /api/objects/detail over HTTP on the hand-built plants
// (test/fixtures/plants.fixture.ts), against the real Neo4j and DuckDB. Every expected value is
// read off the fixture by hand: codes, supplier lots, quantities, parameters, packing and shipping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doc, lot, party, receive, unit, container } from '../builders/epcis.builder.ts';
import { SUGAR_DL, SUGAR_EPC, plantsDocument } from '../fixtures/plants.fixture.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import { adminFetch, bearer, tokenFor } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

const GS = '\u001d';
// The sugar lot's GTIN and lot number, read off its EPC class URI (company prefix 4012345,
// item reference 012345 -> indicator 0, GTIN 0 4012345 12345 + check digit 6) and lot 998877.
const SUGAR_GTIN = '04012345123456';
const SUGAR_KEY = `01/${SUGAR_GTIN}/10/998877`;
const op = (code: string) => `urn:lotgraph:op:${code}`;
const shipment = (code: string) => `urn:lotgraph:shipment:${code}`;

let t: TestStores;
let server: TestServer;
let capco: string;

beforeAll(async () => {
  t = await openTestStores();
  await ingestDocument(t.stores, t.projector, plantsDocument(), { source: 'test' });
  // A lot whose code is also a board's serial number, from the capacitor supplier.
  await ingestDocument(
    t.stores,
    t.projector,
    doc([receive({ lot: lot('B1'), qty: 1, uom: 'H87', supplier: party('CAPCO'), t: 0 })]),
    { source: 'test' },
  );
  server = await startTestServer(t);
  capco = await tokenFor(server.base, 'supplier', { supplierId: party('CAPCO') });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

interface Candidate {
  id: string;
  kind: string;
  code: string;
  material: string | null;
  materialName: string | null;
  matchedBy: string;
}
interface Resolved {
  query: string;
  interpretedAs: string;
  key: string;
  candidates: Candidate[];
}

async function resolveAs(q: string, token?: string): Promise<{ status: number; body: Resolved }> {
  const url = `${server.base}/api/resolve?q=${encodeURIComponent(q)}`;
  const res = token ? await fetch(url, { headers: bearer(token) }) : await adminFetch(url);
  return { status: res.status, body: (await res.json()) as Resolved };
}
const resolved = async (q: string, token?: string) => {
  const r = await resolveAs(q, token);
  expect(r.status).toBe(200);
  return r.body;
};
const picks = (r: Resolved) => r.candidates.map((c) => `${c.kind} ${c.id} by ${c.matchedBy}`).sort();

describe('GET /api/resolve', () => {
  it('finds a lot by its internal code, a unit by its serial, a lot by the supplier lot number', async () => {
    const flour = await resolved('FLOUR-1');
    expect(flour).toMatchObject({ query: 'FLOUR-1', interpretedAs: 'text', key: 'FLOUR-1' });
    expect(picks(flour)).toEqual([`lot ${lot('FLOUR-1')} by code`]);
    expect(picks(await resolved('ECU-2'))).toEqual([`unit ${unit('ECU-2')} by code`]);
    expect(picks(await resolved('NM-7781'))).toEqual([`lot ${lot('FLOUR-1')} by supplier-lot`]);
    // An id as captured matches exactly; a material's name labels the candidate.
    const cap = await resolved(lot('CAP-1'));
    expect(cap.candidates).toEqual([
      {
        id: lot('CAP-1'),
        kind: 'lot',
        code: 'CAP-1',
        material: 'urn:lotgraph:material:CAP',
        materialName: 'Capacitor',
        matchedBy: 'id',
      },
    ]);
  });

  it('finds the sugar lot by its EPC URI and by a GS1 Digital Link with another host and short names', async () => {
    const byEpc = await resolved(SUGAR_EPC);
    expect(byEpc).toMatchObject({ interpretedAs: 'epc', key: SUGAR_KEY });
    expect(picks(byEpc)).toEqual([`lot ${SUGAR_EPC} by id`]);
    const byDl = await resolved('https://shop.example.com/gtin/4012345123456/lot/998877?utm=x');
    expect(byDl).toMatchObject({ interpretedAs: 'digital-link', key: SUGAR_KEY });
    expect(picks(byDl)).toEqual([`lot ${SUGAR_EPC} by id`]);
    expect(picks(await resolved(SUGAR_DL))).toEqual([`lot ${SUGAR_EPC} by id`]);
  });

  it('reads raw scanner text: symbology identifier, FNC1 as group separator, and the parentheses form', async () => {
    // Lot first (variable length, so a separator ends it), then the GTIN, then an expiry date.
    const scanned = `]d210998877${GS}01${SUGAR_GTIN}17261231`;
    const raw = await resolved(scanned);
    expect(raw).toMatchObject({ query: scanned, interpretedAs: 'element-string', key: SUGAR_KEY });
    expect(picks(raw)).toEqual([`lot ${SUGAR_EPC} by id`]);
    const typed = await resolved(`(01)${SUGAR_GTIN}(10)998877`);
    expect(typed).toMatchObject({ interpretedAs: 'element-string', key: SUGAR_KEY });
    expect(picks(typed)).toEqual([`lot ${SUGAR_EPC} by id`]);
    // A plain QR code (]Q1) with a Digital Link in it.
    expect(picks(await resolved(`]Q1${SUGAR_DL}`))).toEqual([`lot ${SUGAR_EPC} by id`]);
  });

  it('says why a malformed barcode cannot be read', async () => {
    const wrongCheck = `(01)04012345123457(10)998877`;
    const r = await resolveAs(wrongCheck);
    expect(r.status).toBe(400);
    const err = (
      r.body as unknown as { error: { code: string; problems: { field: string; reason: string }[] } }
    ).error;
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.problems).toEqual([
      {
        field: 'q',
        reason:
          'is not a readable GS1 element string: (01) GTIN 04012345123457 has check digit 7, expected 6',
      },
    ]);
    expect((await resolveAs(`]d201${SUGAR_GTIN}99X`)).status).toBe(400);
    expect((await resolveAs('   ')).status).toBe(400);
  });

  it('lists every candidate of an ambiguous code, and none for an unknown one', async () => {
    expect(picks(await resolved('B1'))).toEqual([`lot ${lot('B1')} by code`, `unit ${unit('B1')} by code`]);
    expect(await resolved('NO-SUCH-THING')).toMatchObject({ interpretedAs: 'text', candidates: [] });
  });

  it("confines a supplier's user to its own objects", async () => {
    expect(picks(await resolved('B1', capco))).toEqual([`lot ${lot('B1')} by code`]);
    expect(picks(await resolved('CAP-1', capco))).toEqual([`lot ${lot('CAP-1')} by code`]);
    expect((await resolved('CAP-2', capco)).candidates).toEqual([]); // Second Caps' lot
    expect((await resolved('NM-7781', capco)).candidates).toEqual([]);
  });
});

interface Detail {
  item: Record<string, unknown>;
  suppliers: { id: string; name: string | null }[];
  inspections: {
    kind: string;
    result: string;
    defects: { code: string; qty: number | null }[];
  }[];
  operations: {
    id: string;
    step: string;
    parameters: { name: string; value: number | null; uom: string | null }[];
    inputs: { id: string; qty: number | null; uom: string | null }[];
  }[];
  shipments: { id: string; customer: string | null; customerName: string | null; reached: string }[];
  customers: { id: string; name: string | null; shipments: string[] }[];
  hold: unknown;
}

async function detailAs(id: string, token?: string): Promise<{ status: number; body: Detail }> {
  const url = `${server.base}/api/objects/detail?id=${encodeURIComponent(id)}`;
  const res = token ? await fetch(url, { headers: bearer(token) }) : await adminFetch(url);
  return { status: res.status, body: (await res.json()) as Detail };
}
const detail = async (id: string, token?: string) => {
  const r = await detailAs(id, token);
  expect(r.status).toBe(200);
  return r.body;
};
const opsOf = (d: Detail) =>
  d.operations.map((o) => ({
    id: o.id,
    step: o.step,
    parameters: o.parameters.map((p) => `${p.name}=${p.value} ${p.uom}`),
    inputs: o.inputs.map((i) => `${i.id} ${i.qty} ${i.uom}`).sort(),
  }));

describe('GET /api/objects/detail', () => {
  it('shows a board: both operations that made it with parameters and inputs, its failed test, where it went', async () => {
    const b2 = await detail('B2'); // the board's serial only names the unit
    expect(b2.item).toMatchObject({
      id: unit('B2'),
      kind: 'unit',
      code: 'B2',
      material: 'urn:lotgraph:material:BOARD',
    });
    expect(b2.item['materialName']).toBe('Board');
    expect(opsOf(b2)).toEqual([
      // SMT-1 at h2 (reflow at 247 °C) made B1-B3 from 100 of CAP-1 and 3 of PCB-LOT-1.
      {
        id: op('SMT-1'),
        step: 'reflow',
        parameters: ['peakTemperature=247 CEL'],
        inputs: [`${lot('CAP-1')} 100 H87`, `${lot('PCB-LOT-1')} 3 H87`].sort(),
      },
      // REWORK-1 at h4 took B2 and 2 of CAP-2 and gave B2 back; no parameters recorded.
      {
        id: op('REWORK-1'),
        step: 'rework',
        parameters: [],
        inputs: [`${lot('CAP-2')} 2 H87`, `${unit('B2')} null null`].sort(),
      },
    ]);
    expect(b2.inspections).toMatchObject([
      { kind: 'fct', result: 'fail', defects: [{ code: 'SHORT', qty: 1 }] },
    ]);
    expect(b2.suppliers).toEqual([]);
    // B2 went into ECU-2, which moved from TRAY-1 to TRAY-2 before TRAY-2 shipped (SHIP-4, OEM-B).
    expect(b2.shipments).toMatchObject([
      { id: shipment('SHIP-4'), customer: party('OEM-B'), customerName: 'Carmaker B', reached: 'downstream' },
    ]);
    expect(b2.customers).toEqual([
      { id: party('OEM-B'), name: 'Carmaker B', shipments: [shipment('SHIP-4')] },
    ]);
    expect(b2.hold).toBeNull();
  });

  it('shows a finished lot: the bake with its oven temperature, the failed final inspection, the shipment it went on', async () => {
    const bread = await detail(lot('BREAD-1'));
    expect(opsOf(bread)).toEqual([
      {
        id: op('BAKE-1'),
        step: 'baking',
        parameters: ['ovenTemperature=230 CEL'],
        inputs: [`${lot('DOUGH-1')} 103 KGM`, `${lot('DOUGH-2')} 50 KGM`].sort(),
      },
    ]);
    expect(bread.inspections).toMatchObject([
      { kind: 'final', result: 'fail', defects: [{ code: 'FOREIGN-MATTER', qty: 2 }] },
    ]);
    // CASE-1 and CASE-2 on PAL-1 went out on SHIP-1 to Distributor A: the lot itself.
    expect(bread.shipments).toMatchObject([
      { id: shipment('SHIP-1'), customer: party('CUST-A'), reached: 'itself' },
    ]);
    const ecu2 = await detail(unit('ECU-2'));
    expect(ecu2.shipments).toMatchObject([{ id: shipment('SHIP-4'), reached: 'itself' }]);
  });

  it('shows a received lot: properties, supplier, and every shipment something made from it reached', async () => {
    const flour = await detail('NM-7781');
    expect(flour.item).toMatchObject({
      id: lot('FLOUR-1'),
      code: 'FLOUR-1',
      supplierLot: 'NM-7781',
      receivedQty: 500,
      uom: 'KGM',
    });
    expect(flour.suppliers).toEqual([{ id: party('MILL-A'), name: 'Northfield Mill' }]);
    expect(flour.operations).toEqual([]);
    // FLOUR-1 -> DOUGH-1 -> BREAD-1 -> SHIP-1; FLOUR-1 -> DOUGH-3 -> BREAD-3 -> CASE-4 -> PAL-2 -> SHIP-2.
    expect(flour.shipments.map((s) => `${s.id} ${s.customer} ${s.reached}`)).toEqual([
      `${shipment('SHIP-1')} ${party('CUST-A')} downstream`,
      `${shipment('SHIP-2')} ${party('CUST-B')} downstream`,
    ]);
    expect(flour.customers.map((c) => c.name)).toEqual(['Distributor A', 'Distributor B']);
    // The container's own page: what it is, and nothing made it.
    const pallet = await detail(container('PAL-1'));
    expect(pallet.item).toMatchObject({ kind: 'container', code: 'PAL-1' });
    expect(pallet.shipments.map((s) => `${s.id} ${s.reached}`)).toEqual([`${shipment('SHIP-1')} itself`]);
  });

  it('answers 404 for an unknown object and 409 with the candidates for an ambiguous one', async () => {
    expect((await detailAs('NO-SUCH-THING')).status).toBe(404);
    const amb = await detailAs('B1');
    expect(amb.status).toBe(409);
    const err = (amb.body as unknown as { error: { candidates: { id: string }[] } }).error;
    expect(err.candidates.map((c) => c.id).sort()).toEqual([lot('B1'), unit('B1')].sort());
  });

  it("shows a supplier only its own lots, without the plant's operations or shipments", async () => {
    const cap = await detail('CAP-1', capco);
    expect(cap.item).toMatchObject({ id: lot('CAP-1'), receivedQty: 1000 });
    expect(cap.suppliers).toEqual([{ id: party('CAPCO'), name: 'Capacitor Co' }]);
    expect(cap.operations).toEqual([]);
    expect(cap.shipments).toEqual([]);
    expect(cap.customers).toEqual([]);
    expect((await detailAs('CAP-2', capco)).status).toBe(404); // Second Caps' lot
    expect((await detailAs(lot('FLOUR-1'), capco)).status).toBe(404);
    expect((await detailAs(unit('B2'), capco)).status).toBe(404); // made in the plant
  });
});
