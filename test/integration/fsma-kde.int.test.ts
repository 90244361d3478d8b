// FDA FSMA 204 at capture: a critical tracking event of a food on the Food Traceability List
// (EPCClass master data lg:ftl) without its key data elements is refused whole, naming each
// missing element; other foods, and complete events, are captured.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logCounts } from '../../analytics/event-log.store.ts';
import { AppError } from '../../domain/errors.ts';
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
const complete = (code: string, m: string): Json => ({
  ...bare(code, m),
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
