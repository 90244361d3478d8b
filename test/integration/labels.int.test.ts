// Label data through the HTTP API and the Digital Link resolver at the site root, on the small
// label plant (test/builders/labels.builder.ts) plus the hand-built plants, against the real
// Neo4j and a real DuckDB file. Every expected URI is written out by hand; the check digits are
// worked out in the builder's comments (weights 3,1,3,… from the right).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestDocument } from '../../etl/ingest.ts';
import { findByMaterialGtin, labelsFor, resolveLabelled } from '../../api/services/labels.service.ts';
import { lot } from '../builders/epcis.builder.ts';
import {
  COCOA,
  COCOA_LOT,
  MILL,
  MUESLI,
  MUESLI_LOT,
  OATS,
  OATS_LOT,
  PALLET,
  SCALE,
  SCALE_UNIT,
  labelsDocument,
} from '../builders/labels.builder.ts';
import { plantsDocument } from '../fixtures/plants.fixture.ts';
import { TEST_ADMIN_TOKEN, bearer, tokenFor } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

let t: TestStores;
let srv: TestServer;
let operator: string;
let auditor: string;

beforeAll(async () => {
  t = await openTestStores();
  await ingestDocument(t.stores, t.projector, plantsDocument(), { source: 'test' });
  await ingestDocument(t.stores, t.projector, labelsDocument(), { source: 'test' });
  srv = await startTestServer(t);
  operator = await tokenFor(srv.base, 'operator');
  auditor = await tokenFor(srv.base, 'auditor');
});
afterAll(async () => {
  await srv?.close();
  await t?.close();
});

const labelsUrl = (ids: string[]) =>
  `${srv.base}/api/labels?${ids.map((id) => `id=${encodeURIComponent(id)}`).join('&')}`;
const get = (token: string, url: string, headers: Record<string, string> = {}) =>
  fetch(url, { headers: { ...bearer(token), ...headers }, redirect: 'manual' });

const NO_GS1 = {
  gtin: null,
  lot: null,
  serial: null,
  sscc: null,
  digitalLink: null,
  hri: null,
  gs1128: null,
};

describe('GET /api/labels', () => {
  it('gives every field of a lot, a finished lot, a unit, a pallet and a lot without GTIN', async () => {
    const ids = [OATS_LOT, 'MU-2511-001', SCALE_UNIT, PALLET, COCOA_LOT];
    const res = await get(operator, labelsUrl(ids));
    expect(res.status).toBe(200);
    const { labels } = (await res.json()) as { labels: unknown[] };
    const b = srv.base;
    expect(labels).toEqual([
      {
        id: OATS_LOT,
        kind: 'lot',
        code: 'OATS-77',
        template: 'inbound-lot',
        material: OATS,
        materialName: 'Rolled oats',
        quantity: 250,
        uom: 'KGM',
        expiry: '2026-03-31',
        productionDate: null,
        supplier: { id: MILL, name: 'Oat Mill North' },
        supplierLot: 'NM-4711',
        gtin: '04012345123456',
        lot: 'OATS-77',
        serial: null,
        sscc: null,
        digitalLink: `${b}/01/04012345123456/10/OATS-77?17=260331`,
        hri: '(01)04012345123456(10)OATS-77(17)260331',
        gs1128: '(01)04012345123456(17)260331(10)OATS-77',
        qr: `${b}/01/04012345123456/10/OATS-77?17=260331`,
        qrKind: 'digital-link',
        note: null,
        contents: [],
      },
      {
        // Internal id; the GTIN-13 of its material's master data, padded to 14 digits.
        id: MUESLI_LOT,
        kind: 'lot',
        code: 'MU-2511-001',
        template: 'finished-goods',
        material: MUESLI,
        materialName: 'Muesli 500 g',
        quantity: 200,
        uom: 'H87',
        expiry: '2026-05-31',
        productionDate: '2025-03-01',
        supplier: null,
        supplierLot: null,
        gtin: '04006381333931',
        lot: 'MU-2511-001',
        serial: null,
        sscc: null,
        digitalLink: `${b}/01/04006381333931/10/MU-2511-001?17=260531`,
        hri: '(01)04006381333931(10)MU-2511-001(17)260531',
        gs1128: '(01)04006381333931(17)260531(10)MU-2511-001',
        qr: `${b}/01/04006381333931/10/MU-2511-001?17=260531`,
        qrKind: 'digital-link',
        note: null,
        contents: [],
      },
      {
        id: SCALE_UNIT,
        kind: 'unit',
        code: 'SN-0042',
        template: 'finished-goods',
        material: SCALE,
        materialName: 'Kitchen scale',
        quantity: null,
        uom: null,
        expiry: null,
        productionDate: '2025-03-01',
        supplier: null,
        supplierLot: null,
        gtin: '14012345123453',
        lot: null,
        serial: 'SN-0042',
        sscc: null,
        digitalLink: `${b}/01/14012345123453/21/SN-0042`,
        hri: '(01)14012345123453(21)SN-0042',
        gs1128: '(01)14012345123453(21)SN-0042',
        qr: `${b}/01/14012345123453/21/SN-0042`,
        qrKind: 'digital-link',
        note: null,
        contents: [],
      },
      {
        id: PALLET,
        kind: 'container',
        code: '0000000042',
        template: 'finished-goods',
        material: null,
        materialName: null,
        quantity: null,
        uom: null,
        expiry: null,
        productionDate: null,
        supplier: null,
        supplierLot: null,
        gtin: null,
        lot: null,
        serial: null,
        sscc: '040123450000000429',
        digitalLink: `${b}/00/040123450000000429`,
        hri: '(00)040123450000000429',
        gs1128: '(00)040123450000000429',
        qr: `${b}/00/040123450000000429`,
        qrKind: 'digital-link',
        note: null,
        contents: [
          {
            id: MUESLI_LOT,
            kind: 'lot',
            code: 'MU-2511-001',
            qty: 120,
            uom: 'H87',
            materialName: 'Muesli 500 g',
          },
          {
            id: SCALE_UNIT,
            kind: 'unit',
            code: 'SN-0042',
            qty: null,
            uom: null,
            materialName: 'Kitchen scale',
          },
        ],
      },
      {
        id: COCOA_LOT,
        kind: 'lot',
        code: 'COCOA-9',
        template: 'inbound-lot',
        material: COCOA,
        materialName: 'Cocoa powder',
        quantity: 40,
        uom: 'KGM',
        expiry: null,
        productionDate: null,
        supplier: { id: MILL, name: 'Oat Mill North' },
        supplierLot: null,
        ...NO_GS1,
        qr: `${b}/trace?id=urn%3Alotgraph%3Alot%3ACOCOA-9`,
        qrKind: 'trace-link',
        note: 'No GTIN: the QR code opens the trace in Lotgraph.',
        contents: [],
      },
    ]);
  });

  it('says why a container without an SSCC gets the trace link', async () => {
    const { labels } = (await (await get(operator, labelsUrl(['CASE-1']))).json()) as {
      labels: { qr: string; qrKind: string; note: string; sscc: string | null }[];
    };
    expect(labels.map((l) => [l.qr, l.qrKind, l.note, l.sscc])).toEqual([
      [
        `${srv.base}/trace?id=urn%3Alotgraph%3Acontainer%3ACASE-1`,
        'trace-link',
        'No SSCC: the QR code opens the trace in Lotgraph.',
        null,
      ],
    ]);
  });

  it('puts the Digital Links on a configured resolver host, trace links on this server', async () => {
    const opts = { origin: 'https://lotgraph.example.com', resolverBase: 'https://id.example.com/dl/' };
    const [oats, cocoa] = await labelsFor(t.stores.graph, [OATS_LOT, COCOA_LOT], opts);
    expect(oats!.digitalLink).toBe('https://id.example.com/dl/01/04012345123456/10/OATS-77?17=260331');
    expect(cocoa!.qr).toBe('https://lotgraph.example.com/trace?id=urn%3Alotgraph%3Alot%3ACOCOA-9');
  });

  it('names every unknown identifier, refuses a blank or missing one, and needs labels:print', async () => {
    const unknown = await get(operator, labelsUrl([OATS_LOT, 'NOPE-1', 'NOPE-2']));
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { problems: unknown } }).error.problems).toEqual([
      { field: 'id', pointer: '/id/1', reason: 'no lot, unit or container is known as "NOPE-1"' },
      { field: 'id', pointer: '/id/2', reason: 'no lot, unit or container is known as "NOPE-2"' },
    ]);
    const missing = await get(operator, `${srv.base}/api/labels`);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { problems: { field: string }[] } }).error.problems).toEqual([
      {
        field: 'id',
        pointer: '/id',
        reason: 'is required: a lot code, serial number, EPC URI or GS1 Digital Link (repeat id for more)',
      },
    ]);
    expect((await get(operator, labelsUrl(['  ']))).status).toBe(400);
    expect((await get(auditor, labelsUrl([OATS_LOT]))).status).toBe(403);
    expect((await fetch(labelsUrl([OATS_LOT]))).status).toBe(401);
    expect((await get(TEST_ADMIN_TOKEN, labelsUrl([OATS_LOT]))).status).toBe(200);
  });
});

describe('scanning a label', () => {
  it('finds the lot of a Digital Link through the trace search', async () => {
    const res = await get(
      TEST_ADMIN_TOKEN,
      `${srv.base}/api/resolve?q=${encodeURIComponent(`${srv.base}/01/04012345123456/10/OATS-77?17=260331`)}`,
    );
    const answer = (await res.json()) as { key: string; candidates: { id: string }[] };
    expect(answer.key).toBe('01/04012345123456/10/OATS-77');
    expect(answer.candidates.map((c) => c.id)).toEqual([OATS_LOT]);
  });

  it('finds an internal lot or unit through its material GTIN, and nothing for another GTIN or kind', async () => {
    const dl = 'https://id.gs1.org/01/04006381333931/10/MU-2511-001?17=260531';
    expect((await resolveLabelled(t.stores.graph, dl)).id).toBe(MUESLI_LOT);
    expect(
      (await findByMaterialGtin(t.stores.graph, '01/04006381333931/10/MU-2511-001')).map((f) => f.id),
    ).toEqual([MUESLI_LOT]);
    expect(await findByMaterialGtin(t.stores.graph, '01/04006381333931/21/MU-2511-001')).toEqual([]);
    expect(await findByMaterialGtin(t.stores.graph, '01/04012345123456/10/MU-2511-001')).toEqual([]);
    // A supplier's scope finds only its own objects.
    expect(
      await findByMaterialGtin(t.stores.graph, '01/04006381333931/10/MU-2511-001', { supplierId: MILL }),
    ).toEqual([]);
    await expect(
      resolveLabelled(t.stores.graph, 'https://id.gs1.org/01/04006381333931/10/NOPE'),
    ).rejects.toThrow('no lot, unit or container is known as "https://id.gs1.org/01/04006381333931/10/NOPE"');
    // A scanned or typed GS1 element string too.
    expect((await resolveLabelled(t.stores.graph, '(01)04006381333931(10)MU-2511-001')).id).toBe(MUESLI_LOT);
    expect((await resolveLabelled(t.stores.graph, ']d20104012345123456\u001d10OATS-77')).id).toBe(OATS_LOT);
    // Plain codes still resolve as the trace does.
    expect((await resolveLabelled(t.stores.graph, 'FLOUR-1')).id).toBe(lot('FLOUR-1'));
  });
});

describe('the Digital Link resolver at the site root', () => {
  const path = '/01/04012345123456/10/OATS-77?17=260331';

  it('sends a person (a browser asking for HTML) to the trace page of the Digital Link', async () => {
    const res = await fetch(srv.base + path, {
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
      redirect: 'manual',
    });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe(`/trace?id=${encodeURIComponent(srv.base + path)}`);
  });

  it('answers another client with the links as JSON', async () => {
    const res = await fetch(srv.base + path, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      digitalLink: srv.base + path,
      canonical: 'https://id.gs1.org/01/04012345123456/10/OATS-77',
      key: '01/04012345123456/10/OATS-77',
      attributes: { '17': '260331' },
      links: [
        {
          rel: 'traceability',
          href: `${srv.base}/trace?id=${encodeURIComponent(srv.base + path)}`,
          type: 'text/html',
          title: 'Trace in Lotgraph (sign-in)',
        },
        {
          rel: 'api',
          href: `${srv.base}/api/resolve?q=${encodeURIComponent(srv.base + path)}`,
          type: 'application/json',
          title: 'The objects it names (credentials)',
        },
      ],
    });
  });

  it('reads serial, SSCC and GTIN-only paths, and refuses a wrong check digit', async () => {
    const json = { headers: { accept: 'application/json' } };
    const keyOf = async (p: string) =>
      ((await (await fetch(srv.base + p, json)).json()) as { key: string }).key;
    expect(await keyOf('/01/14012345123453/21/SN-0042')).toBe('01/14012345123453/21/SN-0042');
    expect(await keyOf('/00/040123450000000429')).toBe('00/040123450000000429');
    expect(await keyOf('/01/4006381333931')).toBe('01/04006381333931');
    const bad = await fetch(srv.base + '/01/04012345123457/10/X', json);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toBe(
      '/01/04012345123457/10/X is not a GS1 Digital Link: GTIN 04012345123457 has check digit 7, expected 6',
    );
    expect((await fetch(srv.base + '/00/040123450000000420', json)).status).toBe(400);
  });
});
