// FDA FSMA 204 at capture: a critical tracking event of a food on the Food Traceability List
// (EPCClass master data lg:ftl) without its key data elements is refused whole, naming each
// missing element; so is a traceability lot code assigned where 21 CFR 1.1320 does not allow it
// (decision 029). Other foods, and complete events, are captured.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logCounts } from '../../analytics/event-log.store.ts';
import { AppError } from '../../domain/errors.ts';
import { csvBundleToEpcis, readCsvBundle, type CsvFile } from '../../etl/csv/csv.source.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import {
  EPC_CLASS,
  at,
  doc,
  lot,
  material,
  party,
  receive,
  ship,
  transform,
} from '../builders/epcis.builder.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

type Json = Record<string, unknown>;

let t: TestStores;
beforeAll(async () => {
  t = await openTestStores();
});
afterAll(async () => t?.close());

const LEAFY = material('ROMAINE');
const FLOUR = material('FLOUR');
const DOCK = 'urn:epc:id:sgln:0614141.00777.0';
// where the farm assigned its traceability lot codes
const FARM_SITE = 'urn:epc:id:sgln:0614141.00888.0';
const capture = (events: Json[], md: Parameters<typeof doc>[1] = []) =>
  ingestDocument(t.stores, t.projector, doc(events, md), { source: 'test' });
async function refusal(events: Json[], md: Parameters<typeof doc>[1] = []) {
  const before = await logCounts(t.stores.duck);
  const err = await capture(events, md).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect(await logCounts(t.stores.duck)).toEqual(before);
  return (err as AppError).problems.map((p) => [p.pointer, p.reason.replace(/^.*: /, '')]);
}
const e = (i: number, field: string) => `/epcisBody/eventList/${i}/${field}`;

// a receiving with no place, no reference document: what the builder gives without options
const bare = (code: string, m: string) =>
  receive({ lot: lot(code), qty: 100, uom: 'KGM', supplier: party('FARM'), material: m, t: 1 });
// every key data element, and the supplier's code with where it was assigned
const complete = (code: string, m: string): Json => ({
  ...receive({
    lot: lot(code),
    qty: 100,
    uom: 'KGM',
    supplier: party('FARM'),
    material: m,
    t: 1,
    supplierLot: `F-${code}`,
    tlcSource: FARM_SITE,
  }),
  bizLocation: { id: DOCK },
  bizTransactionList: [{ type: 'po', bizTransaction: `urn:lotgraph:po:${code}` }],
});

describe('FSMA 204 key data elements at capture', () => {
  it('refuses an incomplete receiving of a listed food, flagged in the same document, with each element', async () => {
    const problems = await refusal(
      [bare('ROM-1', LEAFY)],
      [{ type: EPC_CLASS, id: LEAFY, attrs: { 'lg:name': 'Romaine lettuce', 'lg:ftl': 'true' } }],
    );
    expect(problems).toEqual([
      [e(0, 'bizLocation'), 'the location where it happened'],
      [e(0, 'bizTransactionList'), 'the reference document (type and number)'],
      [
        e(0, 'ilmd/lg:supplierLot'),
        "a received lot keeps its supplier's code; identify it by its GS1 lot identifier (LGTIN or SGTIN EPC URI, or a Digital Link with /10/ or /21/) or give the code in ILMD lg:supplierLot",
      ],
      [
        e(0, 'ilmd/lg:tlcSource'),
        "the traceability lot code source, ILMD lg:tlcSource (the location where the supplier assigned the code, e.g. an SGLN) or lg:tlcSourceReference (a URI where it can be found, e.g. the supplier's web page)",
      ],
    ]);
  });

  it('captures a food not on the list however incomplete, and a complete listed one', async () => {
    await capture(
      [],
      [
        { type: EPC_CLASS, id: LEAFY, attrs: { 'lg:name': 'Romaine lettuce', 'lg:ftl': 'true' } },
        { type: EPC_CLASS, id: FLOUR, attrs: { 'lg:name': 'Flour' } },
      ],
    );
    expect((await capture([bare('FL-1', FLOUR)])).captured).toHaveLength(1);
    expect((await capture([complete('ROM-2', LEAFY)])).captured).toHaveLength(1);
  });

  it('knows a stored lot by its material: shipping it needs the recipient, the reference and the quantity', async () => {
    const problems = await refusal([
      {
        ...ship({ shipment: 'S-1', customer: party('SHOP'), t: 5, lots: [[lot('ROM-2'), 40, 'KGM']] }),
        destinationList: [],
        bizTransactionList: [],
        readPoint: { id: DOCK },
      },
      {
        type: 'ObjectEvent',
        eventTime: at(6),
        eventTimeZoneOffset: '+00:00',
        action: 'OBSERVE',
        bizStep: 'shipping',
        readPoint: { id: DOCK },
        quantityList: [{ epcClass: lot('ROM-2') }],
        destinationList: [{ type: 'owning_party', destination: party('SHOP') }],
        bizTransactionList: [{ type: 'desadv', bizTransaction: 'urn:lotgraph:shipment:S-2' }],
      },
    ]);
    expect(problems).toEqual([
      [e(0, 'destinationList'), 'the immediate subsequent recipient (a destination party)'],
      [e(0, 'bizTransactionList'), 'the reference document (type and number)'],
      [e(1, 'quantityList'), `the quantity and unit of measure of ${lot('ROM-2')}`],
    ]);
  });

  it('checks a transformation of a listed food: place and the quantity of each listed input', async () => {
    const mix = transform({
      op: 'CUT-1',
      t: 8,
      step: 'cutting',
      inLots: [[lot('ROM-2'), 30, 'KGM']],
      outLots: [[lot('SALAD-1'), 28, 'KGM']],
    });
    const noQty = { ...mix, inputQuantityList: [{ epcClass: lot('ROM-2') }] };
    expect(await refusal([noQty])).toEqual([
      [e(0, 'bizLocation'), 'the location where it happened'],
      [e(0, 'inputQuantityList'), `the quantity and unit of measure of ${lot('ROM-2')}`],
    ]);
    expect((await capture([{ ...mix, bizLocation: { id: DOCK } }])).captured).toHaveLength(1);
    // the flour lot's transformation is no listed food's
    const bake = transform({
      op: 'BAKE-1',
      t: 9,
      step: 'baking',
      inLots: [[lot('FL-1'), 10, 'KGM']],
      outLots: [[lot('BREAD-1'), 12, 'KGM']],
    });
    expect((await capture([bake])).captured).toHaveLength(1);
  });
});

describe('FSMA 204 traceability lot codes only where the rule allows (21 CFR 1.1320)', () => {
  // a complete receiving of listed lots (each 50 KGM), the ILMD as given besides the material
  const listedReceipt = (ids: string[], t: number, ilmd: Json): Json => ({
    type: 'ObjectEvent',
    eventTime: at(t),
    eventTimeZoneOffset: '+00:00',
    action: 'ADD',
    bizStep: 'receiving',
    disposition: 'active',
    quantityList: ids.map((epcClass) => ({ epcClass, quantity: 50, uom: 'KGM' })),
    sourceList: [{ type: 'owning_party', source: party('FARM') }],
    bizLocation: { id: DOCK },
    bizTransactionList: [{ type: 'po', bizTransaction: 'urn:lotgraph:po:PO-7' }],
    ilmd: { 'lg:material': LEAFY, ...ilmd },
  });
  // a lot added by a shipping event, with every key data element of shipping
  const shippedNew = (id: string, t: number): Json => ({
    ...ship({ shipment: `S-${t}`, customer: party('SHOP'), t, lots: [[id, 10, 'KGM']] }),
    action: 'ADD',
    readPoint: { id: DOCK },
    ilmd: { 'lg:material': LEAFY },
  });
  const step = (name: string) => `urn:lotgraph:bizstep:${name}`;
  const rule = (id: string) =>
    `FSMA 204 traceability lot code (21 CFR 1.1320) of ${id} (${LEAFY}, Food Traceability List)`;
  async function problemsOf(events: Json[]) {
    const before = await logCounts(t.stores.duck);
    const err = await capture(events).then(
      () => null,
      (x: unknown) => x,
    );
    expect(err).toBeInstanceOf(AppError);
    expect(await logCounts(t.stores.duck)).toEqual(before);
    return (err as AppError).problems;
  }

  it("refuses a received listed lot without its supplier's code or the code's source, each problem exact", async () => {
    const sscc = 'urn:epc:id:sscc:0614141.1234567890';
    const problems = await problemsOf([
      listedReceipt([lot('ROM-20')], 20, {}),
      listedReceipt([lot('ROM-21')], 20, {
        'lg:supplierLot': 'F-21',
        'lg:tlcSource': sscc,
        'lg:tlcSourceReference': 'the farm office',
      }),
      listedReceipt([lot('ROM-22'), lot('ROM-23')], 20, {
        'lg:supplierLot': 'F-22',
        'lg:tlcSourceReference': 'https://farm.example/lots',
      }),
    ]);
    expect(problems).toEqual([
      {
        pointer: e(0, 'ilmd/lg:supplierLot'),
        field: 'lg:supplierLot',
        reason: `${rule(lot('ROM-20'))}: a received lot keeps its supplier's code; identify it by its GS1 lot identifier (LGTIN or SGTIN EPC URI, or a Digital Link with /10/ or /21/) or give the code in ILMD lg:supplierLot`,
      },
      {
        pointer: e(0, 'ilmd/lg:tlcSource'),
        field: 'lg:tlcSource',
        reason: `FSMA 204 key data element missing for ${LEAFY} (Food Traceability List, receiving): the traceability lot code source, ILMD lg:tlcSource (the location where the supplier assigned the code, e.g. an SGLN) or lg:tlcSourceReference (a URI where it can be found, e.g. the supplier's web page)`,
      },
      {
        pointer: e(1, 'ilmd/lg:tlcSource'),
        field: 'lg:tlcSource',
        reason: `FSMA 204 traceability lot code source of ${LEAFY}: "${sscc}" is a GS1 identifier of something else than a location; give the location's identifier (an SGLN urn:epc:id:sgln:…, a GS1 Digital Link with a GLN …/414/…, or another location URI)`,
      },
      {
        pointer: e(1, 'ilmd/lg:tlcSourceReference'),
        field: 'lg:tlcSourceReference',
        reason: `FSMA 204 traceability lot code source reference of ${LEAFY}: "the farm office" is not a URI; give a web address (https://…) or another URI`,
      },
      {
        pointer: e(2, 'ilmd/lg:supplierLot'),
        field: 'lg:supplierLot',
        reason: `FSMA 204 traceability lot code (21 CFR 1.1320) of ${LEAFY} (Food Traceability List): lg:supplierLot gives one supplier's code, but this receiving names 2 listed lots without a GS1 lot identifier (${lot('ROM-22')}, ${lot('ROM-23')}); receive each lot in its own event`,
      },
    ]);
  });

  it("captures a received listed lot that keeps its supplier's code: a GS1 lot identifier, or lg:supplierLot, with a source or a reference", async () => {
    const r = await capture([
      // the code is the LGTIN's lot; where it was assigned is on the supplier's web page
      listedReceipt(['urn:epc:class:lgtin:0614141.011111.ROM-24'], 21, {
        'lg:tlcSourceReference': 'https://farm.example/lots',
      }),
      // the same kind of identifier as a Digital Link, the source as an SGLN
      listedReceipt(['https://id.gs1.org/01/00614141111114/10/ROM-25'], 21, { 'lg:tlcSource': FARM_SITE }),
      // an own lot code: the supplier's code in lg:supplierLot, the source as a GLN Digital Link
      listedReceipt([lot('ROM-26')], 21, {
        'lg:supplierLot': 'F-26',
        'lg:tlcSource': 'https://id.gs1.org/414/0614141008889',
      }),
    ]);
    expect(r.captured).toHaveLength(3);
  });

  it('receives a listed lot the log already knows (a return of a lot made here) without a supplier code', async () => {
    // SALAD-1 was made by the cutting above: its code and source are in the log
    const back = {
      ...listedReceipt([lot('SALAD-1')], 25, {}),
      sourceList: [{ type: 'owning_party', source: party('SHOP') }],
    };
    expect((await capture([back])).captured).toHaveLength(1);
  });

  it('refuses a listed lot that first appears at shipping; one named earlier in the document may be shipped', async () => {
    expect(await problemsOf([shippedNew(lot('ROM-30'), 30)])).toEqual([
      {
        pointer: e(0, 'action'),
        field: 'action',
        reason: `${rule(lot('ROM-30'))}: it first appears at shipping, where no code is assigned; a shipper keeps the code it received or assigned, so capture the lot's receiving, initial packing or transformation first`,
      },
    ]);
    const r = await capture([
      listedReceipt([lot('ROM-31')], 31, { 'lg:supplierLot': 'F-31', 'lg:tlcSource': FARM_SITE }),
      shippedNew(lot('ROM-31'), 32),
    ]);
    expect(r.captured).toHaveLength(2);
  });

  it('lets harvesting and cooling identify produce without a code, and initial packing and first land-based receiving assign one', async () => {
    const at0 = { eventTimeZoneOffset: '+00:00' };
    const r = await capture([
      {
        type: 'ObjectEvent',
        eventTime: at(40),
        ...at0,
        action: 'ADD',
        bizStep: step('harvesting'),
        bizLocation: { id: FARM_SITE },
        quantityList: [{ epcClass: lot('FIELD-7'), quantity: 200, uom: 'KGM' }],
        ilmd: { 'lg:material': LEAFY },
      },
      {
        type: 'ObjectEvent',
        eventTime: at(41),
        ...at0,
        action: 'OBSERVE',
        bizStep: step('cooling'),
        bizLocation: { id: FARM_SITE },
        quantityList: [{ epcClass: lot('FIELD-7'), quantity: 200, uom: 'KGM' }],
      },
      {
        type: 'ObjectEvent',
        eventTime: at(42),
        ...at0,
        action: 'ADD',
        bizStep: step('initial_packing'),
        bizLocation: { id: DOCK },
        quantityList: [{ epcClass: lot('PACK-7'), quantity: 180, uom: 'KGM' }],
        ilmd: { 'lg:material': LEAFY },
      },
      {
        type: 'ObjectEvent',
        eventTime: at(43),
        ...at0,
        action: 'ADD',
        bizStep: step('first_land_based_receiving'),
        bizLocation: { id: DOCK },
        quantityList: [{ epcClass: lot('CATCH-7'), quantity: 90, uom: 'KGM' }],
        sourceList: [{ type: 'owning_party', source: party('VESSEL') }],
        bizTransactionList: [{ type: 'bol', bizTransaction: 'urn:lotgraph:bol:B-7' }],
        ilmd: { 'lg:material': LEAFY },
      },
    ]);
    expect(r.captured).toHaveLength(4);
  });
});

describe('FSMA 204 in a CSV bundle', () => {
  const EXAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/examples/csv');
  // the example bakery with its flour on the Food Traceability List, each receipt's last columns
  // (tlc_source, tlc_source_reference) replaced
  async function bakery(lastColumns: string): Promise<Json> {
    const files = (await readCsvBundle(EXAMPLE)).map((f): CsvFile => {
      if (f.name === 'materials.csv')
        return {
          ...f,
          content: f.content.replace(
            'FLOUR-T550,Wheat flour type 550,raw,KGM,,no',
            'FLOUR-T550,Wheat flour type 550,raw,KGM,,yes',
          ),
        };
      if (f.name === 'receipts.csv') return { ...f, content: f.content.replace(/,,$/gm, `,${lastColumns}`) };
      return f;
    });
    const r = csvBundleToEpcis(files);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.document;
  }

  it('refuses the receipts of a listed food without the code source, and imports them with it', async () => {
    const before = await logCounts(t.stores.duck);
    const err = await ingestDocument(t.stores, t.projector, await bakery(','), { source: 'test' }).then(
      () => null,
      (x: unknown) => x,
    );
    expect(err).toBeInstanceOf(AppError);
    expect(await logCounts(t.stores.duck)).toEqual(before);
    // the three receipts are the bundle's first events (time order)
    expect((err as AppError).problems.map((p) => p.pointer)).toEqual(
      [0, 1, 2].map((i) => e(i, 'ilmd/lg:tlcSource')),
    );
    const r = await ingestDocument(t.stores, t.projector, await bakery(`${FARM_SITE},`), { source: 'test' });
    expect(r.captured).toHaveLength(15);
  });
});
