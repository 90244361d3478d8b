// EPCIS error declarations in trace answers: an event declared erroneous no longer links lots,
// its corrective event does, and a rebuild from the log answers the same (decision 023).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recallScope, traceBackward, traceForward } from '../../api/services/trace.service.ts';
import { ingestDocument, rebuild } from '../../etl/ingest.ts';
import { container, doc, lot, pack, party, receive, ship, transform } from '../builders/epcis.builder.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

type Json = Record<string, unknown>;

let t: TestStores;
beforeAll(async () => {
  t = await openTestStores();
});
afterAll(async () => t?.close());

const capture = (events: Json[]) => ingestDocument(t.stores, t.projector, doc(events), { source: 'test' });
const declared = (e: Json, corrective: string[] = []): Json => ({
  ...e,
  errorDeclaration: {
    declarationTime: '2025-03-05T00:00:00Z',
    reason: 'incorrect_data',
    ...(corrective.length ? { correctiveEventIDs: corrective } : {}),
  },
});

const mixWrong = transform({
  op: 'MIX-1',
  t: 2,
  step: 'mixing',
  inLots: [[lot('FLOUR-A'), 10, 'KGM']],
  outLots: [[lot('DOUGH-1'), 12, 'KGM']],
});
const mixRight: Json = {
  ...transform({
    op: 'MIX-2',
    t: 2,
    step: 'mixing',
    inLots: [[lot('FLOUR-B'), 10, 'KGM']],
    outLots: [[lot('DOUGH-1'), 12, 'KGM']],
  }),
  eventID: 'urn:uuid:5e0c7a1e-0000-4000-8000-00000000c0re',
};
const packWrong = pack({ parent: container('CASE-9'), t: 3, lots: [[lot('DOUGH-1'), 12, 'KGM']] });
const shipWrong = ship({
  shipment: 'SH-9',
  customer: party('CUST-9'),
  t: 4,
  lots: [[lot('DOUGH-1'), 12, 'KGM']],
});

const ids = (a: { nodes: { id: string }[] }) => a.nodes.map((n) => n.id).sort();
const answers = async () => ({
  fromA: ids(await traceForward(t.stores.graph, lot('FLOUR-A'))),
  fromB: ids(await traceForward(t.stores.graph, lot('FLOUR-B'))),
  dough: ids(await traceBackward(t.stores.graph, lot('DOUGH-1'))),
  doughOn: ids(await traceForward(t.stores.graph, lot('DOUGH-1'))),
  shipments: (await recallScope(t.stores.graph, lot('DOUGH-1'))).shipments.map((s) => s.id).sort(),
});

describe('error declarations', () => {
  it('links lots through an event until it is declared erroneous', async () => {
    await capture([
      receive({ lot: lot('FLOUR-A'), qty: 500, uom: 'KGM', supplier: party('MILL-A'), t: 0 }),
      receive({ lot: lot('FLOUR-B'), qty: 500, uom: 'KGM', supplier: party('MILL-B'), t: 0 }),
      mixWrong,
      packWrong,
      shipWrong,
    ]);
    const before = await answers();
    expect(before.fromA).toContain(lot('DOUGH-1'));
    expect(before.fromB).not.toContain(lot('DOUGH-1'));
    expect(before.doughOn).toEqual(expect.arrayContaining([container('CASE-9')]));
    expect(before.shipments).toEqual(['urn:lotgraph:shipment:SH-9']);
  });

  it('withdraws the declared transformation, packing and shipment; the corrective event links instead', async () => {
    const r = await capture([
      declared(mixWrong, [String(mixRight['eventID'])]),
      mixRight,
      declared(packWrong),
      declared(shipWrong),
    ]);
    expect(r.captured).toHaveLength(4);
    const after = await answers();
    expect(after.fromA).toEqual([lot('FLOUR-A')]);
    expect(after.fromB).toContain(lot('DOUGH-1'));
    expect(after.dough).toContain(lot('FLOUR-B'));
    expect(after.dough).not.toContain(lot('FLOUR-A'));
    expect(after.doughOn).toEqual([lot('DOUGH-1')]);
    expect(after.shipments).toEqual([]);
  });

  it('answers the same after a rebuild from the log (declaration and event in one batch)', async () => {
    const live = await answers();
    await rebuild(t.stores, t.projector, { actor: 'test' });
    expect(await answers()).toEqual(live);
  });
});
