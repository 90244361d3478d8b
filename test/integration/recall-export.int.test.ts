// GET /api/recall/export and /api/recall/fsma204 on the reflow fixture, and the FSMA 204
// spreadsheet's traceability lot codes on the salad plant (a food on the Food Traceability List),
// real stores, through HTTP. Files are read back with csv-parse and read-excel-file; expectations
// come from the fixtures.
import { parse } from 'csv-parse/sync';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, lot, material, party, unit } from '../builders/epcis.builder.ts';
import {
  ASSEMBLIES,
  CAP_A_SUPPLIER_LOT,
  CAP_B_SHIPPED,
  CAP_RECEIVED,
  NAMES,
  REFLOW,
  DOCK,
  reflowDocument,
  shipment,
} from '../fixtures/recall-narrowing.fixture.ts';
import {
  FARM,
  FARM_PAGE,
  FSMA_NAMES,
  MIX,
  PACKHOUSE,
  RECEIVING_DOCK,
  SALAD,
  SALAD1,
  SALAD_LINE,
  SHIPPED,
  SP1,
  SP2,
  SPINACH,
  STORE,
  fsmaDocument,
  times,
} from '../fixtures/fsma.fixture.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import { adminFetch, bearer, tokenFor } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

let t: TestStores;
let server: TestServer;
// the salad plant's event ids, in its document's order
let salad: string[];

beforeAll(async () => {
  t = await openTestStores();
  await ingestDocument(t.stores, t.projector, reflowDocument(), { source: 'test' });
  salad = (await ingestDocument(t.stores, t.projector, fsmaDocument(), { source: 'test' })).captured;
  server = await startTestServer(t);
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const get = (path: string, q: Record<string, string>) =>
  adminFetch(`${server.base}/api/recall/${path}?${new URLSearchParams(q).toString()}`);
async function csv(path: string, q: Record<string, string>) {
  const res = await get(path, q);
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/csv');
  const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
  return { rows, disposition: res.headers.get('content-disposition') };
}
async function xlsx(path: string, q: Record<string, string>) {
  const res = await get(path, q);
  expect(res.status, await res.clone().text()).toBe(200);
  const sheets = await readXlsxFile(Buffer.from(await res.arrayBuffer()));
  return { sheets, disposition: res.headers.get('content-disposition') };
}
const sorted = (xs: string[]) => [...xs].sort();
const HOT = JSON.stringify({ parameter: { name: 'peakTemperature', op: 'gt', value: 250 } });

// The scope of CAP-B: both reflows used it, so every board and both ECUs.
const BOARDS = Object.values(REFLOW).flatMap((r) => [...r.boards]);
const ECUS = Object.values(ASSEMBLIES).map((a) => a.ecu);
const HOT_BOARDS = Object.values(REFLOW)
  .filter((r) => r.peak > 250)
  .flatMap((r): string[] => [...r.boards]);
const HOT_ECUS = Object.values(ASSEMBLIES)
  .filter((a) => HOT_BOARDS.includes(a.board))
  .map((a) => a.ecu);

describe('scope export', () => {
  it('writes one table as CSV with a header row, rows equal to the scope', async () => {
    const lots = await csv('export', { id: 'CAP-B', format: 'csv', table: 'lots' });
    expect(lots.disposition).toBe('attachment; filename="recall-CAP-B-lots.csv"');
    const consumed =
      Object.values(REFLOW).filter((r) => (r.caps as readonly string[]).includes('CAP-B')).length * 4;
    const shipped = CAP_B_SHIPPED.box1 + CAP_B_SHIPPED.box2;
    expect(lots.rows).toEqual([
      expect.objectContaining({
        Lot: 'CAP-B',
        ID: lot('CAP-B'),
        'Unit of measure': 'H87',
        Quantity: String(CAP_RECEIVED),
        Consumed: String(consumed),
        Shipped: String(shipped),
        Remaining: String(CAP_RECEIVED - consumed - shipped),
      }),
    ]);
    const units = await csv('export', { id: 'CAP-B', format: 'csv', table: 'units' });
    expect(units.rows.map((r) => r['Serial number'])).toEqual(sorted([...BOARDS, ...ECUS]));
    expect(units.rows.find((r) => r['Serial number'] === 'B1')!['Where']).toBe('consumed');
    const customers = await csv('export', { id: 'CAP-B', format: 'csv', table: 'customers' });
    expect(customers.rows.map((r) => [r['Customer'], r['Name']])).toEqual([
      [party('CUST-A'), NAMES[party('CUST-A')]],
      [party('CUST-B'), NAMES[party('CUST-B')]],
    ]);
    const shipments = await csv('export', { id: 'CAP-B', format: 'csv', table: 'shipments' });
    expect(shipments.rows.map((r) => r['Shipment'])).toEqual([
      shipment('SHIP-A'),
      shipment('SHIP-B'),
      shipment('SHIP-C'),
    ]);
  });

  it('writes an XLSX workbook with a sheet per table, numbers as numbers, and a summary', async () => {
    const { sheets, disposition } = await xlsx('export', { id: 'CAP-B', format: 'xlsx' });
    expect(disposition).toBe('attachment; filename="recall-CAP-B.xlsx"');
    expect(sheets.map((s) => s.sheet)).toEqual([
      'Lots',
      'Units',
      'Containers',
      'Shipments',
      'Customers',
      'Summary',
    ]);
    const lots = sheets[0]!.data;
    expect(lots[0]!.slice(0, 5)).toEqual(['Lot', 'ID', 'Material', 'Unit of measure', 'Quantity']);
    expect(lots.slice(1).map((r) => [r[0], r[4]])).toEqual([['CAP-B', CAP_RECEIVED]]);
    expect(sheets[1]!.data.slice(1).map((r) => r[0])).toEqual(sorted([...BOARDS, ...ECUS]));
    expect(sheets[2]!.data.slice(1).map((r) => r[0])).toEqual(['BOX-1', 'BOX-2', 'CASE-1', 'PAL-1']);
    const summary = Object.fromEntries(sheets[5]!.data.slice(1).map((r) => [r[0], r[1]]));
    expect(summary['Root']).toBe('CAP-B');
    expect(summary['Generated by']).toBe('env:admin-token');
    expect(summary['Criteria']).toBe('none: the full scope');
    expect(summary['Units']).toBe(BOARDS.length + ECUS.length);
  });

  it('exports only what a narrowing keeps', async () => {
    const units = await csv('export', { id: 'CAP-B', format: 'csv', table: 'units', criteria: HOT });
    expect(units.disposition).toBe('attachment; filename="recall-CAP-B-narrowed-units.csv"');
    expect(units.rows.map((r) => r['Serial number'])).toEqual(sorted([...HOT_BOARDS, ...HOT_ECUS]));
    const { sheets } = await xlsx('export', { id: 'CAP-B', format: 'xlsx', criteria: HOT });
    expect(sheets[0]!.data).toHaveLength(1); // the header only: the lot itself was not made hot
    expect(sheets[4]!.data.slice(1).map((r) => r[0])).toEqual([party('CUST-B')]);
    const summary = Object.fromEntries(sheets[5]!.data.slice(1).map((r) => [r[0], r[1]]));
    expect(JSON.parse(String(summary['Criteria']))).toEqual(JSON.parse(HOT));
  });

  it('refuses bad requests: CSV without a table, bad criteria, unknown id, a supplier', async () => {
    const noTable = await get('export', { id: 'CAP-B', format: 'csv' });
    expect(noTable.status).toBe(400);
    expect(
      ((await noTable.json()) as { error: { problems: { field: string }[] } }).error.problems[0]!.field,
    ).toBe('table');
    const badCriteria = await get('export', { id: 'CAP-B', format: 'xlsx', criteria: '{"lines":[]}' });
    expect(badCriteria.status).toBe(400);
    const notJson = await get('fsma204', { id: 'CAP-B', format: 'csv', criteria: 'hot' });
    expect(notJson.status).toBe(400);
    expect((await get('export', { id: 'CAP-B', format: 'pdf' })).status).toBe(400);
    expect((await get('export', { id: 'NO-SUCH-LOT', format: 'xlsx' })).status).toBe(404);
    expect((await get('fsma204', { id: 'NO-SUCH-LOT', format: 'csv' })).status).toBe(404);
    const supplier = await tokenFor(server.base, 'supplier', { supplierId: party('CAPCO') });
    for (const path of ['export?id=CAP-B&format=xlsx', 'fsma204?id=CAP-B&format=csv'])
      expect((await fetch(`${server.base}/api/recall/${path}`, { headers: bearer(supplier) })).status).toBe(
        403,
      );
  });
});

describe('FSMA 204 sortable spreadsheet', () => {
  // Every critical tracking event of the traceability lots in CAP-B's scope, worked out by hand:
  // CAP-B received and shipped (two boxes on a pallet); each board made by its reflow; each ECU made
  // by its assembly; B2 and ECU-1 shipped in CASE-1, B4 and ECU-3 shipped loose; B1 and B3 consumed.
  const shippedUnits: Record<string, string> = {
    B2: 'SHIP-A',
    'ECU-1': 'SHIP-A',
    B4: 'SHIP-B',
    'ECU-3': 'SHIP-B',
  };
  const expected = [
    ['CAP-B', 'Receiving', at(0)],
    ['CAP-B', 'Shipping', at(74)],
    ...Object.values(REFLOW).flatMap((r) => r.boards.map((b) => [b, 'Transformation', at(r.t)])),
    ...Object.values(ASSEMBLIES).map((a) => [a.ecu, 'Transformation', at(a.t)]),
    ...Object.entries(shippedUnits).map(([u, s]) => [u, 'Shipping', at(s === 'SHIP-A' ? 70 : 71)]),
  ].sort((a, b) => a[0]!.localeCompare(b[0]!) || a[2]!.localeCompare(b[2]!));

  it('has one row per critical tracking event, sorted by lot code then time, with the key data elements', async () => {
    const { rows, disposition } = await csv('fsma204', { id: 'CAP-B', format: 'csv' });
    expect(disposition).toBe('attachment; filename="fsma204-CAP-B.csv"');
    expect(
      rows.map((r) => [r['Traceability Lot Code'], r['Critical Tracking Event'], r['Event Time (UTC)']]),
    ).toEqual(expected);
    const row = (tlc: string, cte: string) =>
      rows.find((r) => r['Traceability Lot Code'] === tlc && r['Critical Tracking Event'] === cte)!;
    expect(row('CAP-B', 'Receiving')).toMatchObject({
      'Internal Lot Code': 'CAP-B',
      'Product Description': 'Capacitor',
      Quantity: String(CAP_RECEIVED),
      'Unit of Measure': 'H87',
      'Event Date': at(0).slice(0, 10),
      'Location Description': NAMES[DOCK],
      'Location ID': DOCK,
      // received with no code source captured: receiving assigns no code (decision 029)
      'Traceability Lot Code Source': '',
      'Traceability Lot Code Source Reference': '',
      'Immediate Previous Source': `${NAMES[party('CAPCO')]} (${party('CAPCO')})`,
      'Immediate Subsequent Recipient': '',
      'Reference Document Type': 'EPCIS event',
    });
    expect(row('CAP-B', 'Shipping')).toMatchObject({
      Quantity: String(CAP_B_SHIPPED.box1 + CAP_B_SHIPPED.box2),
      'Unit of Measure': 'H87',
      'Immediate Subsequent Recipient': `${NAMES[party('CUST-B')]} (${party('CUST-B')})`,
      'Reference Document Type': 'Shipment',
      'Reference Document Number': shipment('SHIP-C'),
    });
    expect(row('B1', 'Transformation')).toMatchObject({
      'Product Description': 'Board',
      Quantity: '1',
      'Unit of Measure': 'units',
      'Location Description': NAMES[REFLOW.R1.line],
      'Traceability Lot Code Source': NAMES[REFLOW.R1.line],
      // the inputs by their traceability lot codes: CAP-A was received under its supplier's lot
      'Input Traceability Lot Codes': sorted([
        'PCB-1',
        ...REFLOW.R1.caps.map((c) => (c === 'CAP-A' ? CAP_A_SUPPLIER_LOT : c)),
      ]).join('; '),
    });
    expect(row('B2', 'Shipping')).toMatchObject({
      'Traceability Lot Code ID': unit('B2'),
      'Traceability Lot Code Source': NAMES[REFLOW.R1.line],
      'Reference Document Number': shipment('SHIP-A'),
    });
  });

  it('covers a product and a date range: every event of its lots in [from, to)', async () => {
    // the boards' events between hour 40 and hour 71: R2 made B3 and B4 (hour 48), B2 shipped (70);
    // B4 shipped at hour 71 is outside (to is exclusive)
    const res = await adminFetch(
      `${server.base}/api/fsma204?${new URLSearchParams({ material: material('BOARD'), from: at(40), to: at(71), format: 'csv' })}`,
    );
    expect(res.status, await res.clone().text()).toBe(200);
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    const inWindow = expected.filter(
      (e) => (BOARDS as string[]).includes(e[0]!) && e[2]! >= at(40) && e[2]! < at(71),
    );
    expect(inWindow.length).toBeGreaterThan(0);
    expect(
      rows.map((r) => [r['Traceability Lot Code'], r['Critical Tracking Event'], r['Event Time (UTC)']]),
    ).toEqual(inWindow);
    // the TLC source is where the lot got its code, even when that event is outside the window
    expect(rows.find((r) => r['Traceability Lot Code'] === 'B2')!['Traceability Lot Code Source']).toBe(
      NAMES[REFLOW.R1.line],
    );
    const bad = await adminFetch(
      `${server.base}/api/fsma204?material=${material('NONE')}&format=csv&from=soon`,
    );
    expect(bad.status).toBe(400);
    const none = await adminFetch(`${server.base}/api/fsma204?material=${material('NONE')}&format=csv`);
    expect(none.status).toBe(404);
  });

  it('writes XLSX with numbers as numbers, and only the kept lots when narrowed', async () => {
    const { sheets } = await xlsx('fsma204', { id: 'CAP-B', format: 'xlsx' });
    expect(sheets.map((s) => s.sheet)).toEqual(['FSMA 204', 'Summary']);
    expect(sheets[0]!.data).toHaveLength(expected.length + 1);
    expect(sheets[0]!.data[1]!.slice(0, 5)).toEqual(['B1', unit('B1'), 'B1', 'Board', 1]);
    const narrowed = await csv('fsma204', { id: 'CAP-B', format: 'csv', criteria: HOT });
    const kept = [...HOT_BOARDS, ...HOT_ECUS];
    expect(narrowed.rows.map((r) => [r['Traceability Lot Code'], r['Critical Tracking Event']])).toEqual(
      expected.filter((e) => kept.includes(e[0]!)).map((e) => [e[0], e[1]]),
    );
  });
});

describe('FSMA 204 traceability lot codes and their sources', () => {
  const COLUMNS = [
    'Traceability Lot Code',
    'Traceability Lot Code ID',
    'Internal Lot Code',
    'Product Description',
    'Quantity',
    'Unit of Measure',
    'Critical Tracking Event',
    'Event Date',
    'Event Time (UTC)',
    'Location Description',
    'Location ID',
    'Traceability Lot Code Source',
    'Traceability Lot Code Source Reference',
    'Immediate Previous Source',
    'Immediate Subsequent Recipient',
    'Input Traceability Lot Codes',
    'Reference Document Type',
    'Reference Document Number',
  ];
  const name = (id: string) => FSMA_NAMES[id]!;
  const who = (id: string) => `${name(id)} (${id})`;
  // Each row worked out from the salad plant: the spinach under the plant's own code shows the
  // farm's code and packhouse; the one under its GS1 lot identifier its lot and the farm's page;
  // the salad made here its own code and the line it was made on, its inputs by their codes.
  const sp1Received = {
    'Traceability Lot Code': SP1.supplierLot,
    'Traceability Lot Code ID': SP1.id,
    'Internal Lot Code': SP1.code,
    'Product Description': name(SPINACH),
    Quantity: String(SP1.qty),
    'Unit of Measure': 'KGM',
    'Critical Tracking Event': 'Receiving',
    'Event Date': times.sp1.slice(0, 10),
    'Event Time (UTC)': times.sp1,
    'Location Description': name(RECEIVING_DOCK),
    'Location ID': RECEIVING_DOCK,
    'Traceability Lot Code Source': name(PACKHOUSE),
    'Traceability Lot Code Source Reference': '',
    'Immediate Previous Source': who(FARM),
    'Immediate Subsequent Recipient': '',
    'Input Traceability Lot Codes': '',
    'Reference Document Type': 'EPCIS event',
    'Reference Document Number': '', // filled in below: the event id
  };
  const saladRow = {
    'Traceability Lot Code': SALAD1.code,
    'Traceability Lot Code ID': SALAD1.id,
    'Internal Lot Code': SALAD1.code,
    'Product Description': 'Salad mix',
    Quantity: String(MIX.out),
    'Unit of Measure': 'KGM',
    'Traceability Lot Code Source': name(SALAD_LINE),
    'Traceability Lot Code Source Reference': '',
    'Immediate Previous Source': '',
  };

  it("shows a received lot under its supplier's code with the captured source, a made lot under its own code and where it was made", async () => {
    const { rows, disposition } = await csv('fsma204', { id: SP1.code, format: 'csv' });
    expect(disposition).toBe('attachment; filename="fsma204-SP-1.csv"');
    expect(Object.keys(rows[0]!)).toEqual(COLUMNS);
    expect(rows).toEqual([
      { ...sp1Received, 'Reference Document Number': salad[0] },
      {
        ...saladRow,
        'Critical Tracking Event': 'Transformation',
        'Event Date': times.mix.slice(0, 10),
        'Event Time (UTC)': times.mix,
        'Location Description': name(SALAD_LINE),
        'Location ID': SALAD_LINE,
        'Immediate Subsequent Recipient': '',
        // the inputs by their traceability lot codes: the farm's code of SP-1, SP-2's own lot
        'Input Traceability Lot Codes': [SP1.supplierLot, SP2.code].sort().join('; '),
        'Reference Document Type': 'EPCIS event',
        'Reference Document Number': salad[2],
      },
      {
        ...saladRow,
        'Critical Tracking Event': 'Shipping',
        'Event Date': times.shipped.slice(0, 10),
        'Event Time (UTC)': times.shipped,
        'Location Description': name(RECEIVING_DOCK),
        'Location ID': RECEIVING_DOCK,
        'Immediate Subsequent Recipient': who(STORE),
        'Input Traceability Lot Codes': '',
        'Reference Document Type': 'Shipment',
        'Reference Document Number': `urn:lotgraph:shipment:${SHIPPED.shipment}`,
      },
    ]);
  });

  it('lists the products the spreadsheet can be asked for: every material with traceability lots', async () => {
    const res = await adminFetch(`${server.base}/api/fsma204/materials`);
    expect(await res.json()).toEqual({
      materials: [
        // by name; the reflow plant's lots and units too, none on the list
        { id: SPINACH, name: name(SPINACH), ftl: true, lots: 2 },
        { id: material('PCB'), name: 'Bare PCB', ftl: false, lots: 1 },
        { id: material('BOARD'), name: 'Board', ftl: false, lots: BOARDS.length },
        { id: material('CAP'), name: 'Capacitor', ftl: false, lots: 2 },
        { id: material('ECU'), name: 'ECU', ftl: false, lots: ECUS.length },
        { id: SALAD, name: name(SALAD), ftl: true, lots: 1 },
      ],
    });
  });

  it('shows a lot received under its GS1 lot identifier with its lot as the code and the captured reference', async () => {
    const res = await adminFetch(
      `${server.base}/api/fsma204?${new URLSearchParams({ material: SPINACH, format: 'csv' })}`,
    );
    expect(res.status, await res.clone().text()).toBe(200);
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      { ...sp1Received, 'Reference Document Number': salad[0] },
      {
        ...sp1Received,
        'Traceability Lot Code': SP2.code,
        'Traceability Lot Code ID': SP2.id,
        'Internal Lot Code': SP2.code,
        Quantity: String(SP2.qty),
        'Event Date': times.sp2.slice(0, 10),
        'Event Time (UTC)': times.sp2,
        'Traceability Lot Code Source': '',
        'Traceability Lot Code Source Reference': FARM_PAGE,
        'Reference Document Number': salad[1],
      },
    ]);
  });
});
