// Ingest -> trace -> recall on the hand-built plants (test/fixtures/plants.fixture.ts), against
// the real Neo4j and a real DuckDB file. Expected sets are worked out by hand from the fixture.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EPC_CLASS,
  at as hour,
  container,
  doc,
  lot,
  party,
  receive,
  transform,
  unit,
} from '../builders/epcis.builder.ts';
import { SUGAR_DL, SUGAR_EPC, plantsDocument } from '../fixtures/plants.fixture.ts';
import { ingestDocument, type IngestReport } from '../../etl/ingest.ts';
import {
  recallScope,
  traceBackward,
  traceForward,
  type TraceAnswer,
} from '../../api/services/trace.service.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

let t: TestStores;
let first: IngestReport;

beforeAll(async () => {
  t = await openTestStores();
  first = await ingestDocument(t.stores, t.projector, plantsDocument(), { source: 'test' });
});
afterAll(async () => t?.close());

const ids = (a: TraceAnswer, kind: string) =>
  a.nodes
    .filter((n) => n.kind === kind)
    .map((n) => n.id)
    .sort();
const edges = (a: TraceAnswer, type: string) =>
  a.edges
    .filter((e) => e.type === type)
    .map((e) => `${e.from} -> ${e.to}`)
    .sort();
const sorted = (xs: string[]) => [...xs].sort();

describe('ingest', () => {
  it('captures every event once and projects the graph', () => {
    const doc = plantsDocument() as { epcisBody: { eventList: unknown[] } };
    expect(first.read).toBe(doc.epcisBody.eventList.length);
    expect(first.captured).toHaveLength(doc.epcisBody.eventList.length);
    expect(first.duplicates).toEqual([]);
    expect(first.masterData.captured).toBe(15);
    expect(first.graph).toBe('projected');
  });
});

describe('backward trace', () => {
  it('gives the birth record of a reworked ECU: both capacitor lots, the board, the housing', async () => {
    const a = await traceBackward(t.stores.graph, unit('ECU-2'));
    expect(a.root.id).toBe(unit('ECU-2'));
    expect(ids(a, 'unit')).toEqual(sorted([unit('ECU-2'), unit('B2')]));
    expect(ids(a, 'lot')).toEqual(sorted([lot('CAP-1'), lot('CAP-2'), lot('PCB-LOT-1'), lot('HOUSING-1')]));
    expect(ids(a, 'operation')).toEqual(
      sorted(['urn:lotgraph:op:ASM-2', 'urn:lotgraph:op:REWORK-1', 'urn:lotgraph:op:SMT-1']),
    );
    expect(ids(a, 'supplier')).toEqual(sorted([party('CAPCO'), party('CAPCO2')]));
    expect(ids(a, 'inspection')).toHaveLength(1);
    expect(edges(a, 'FEEDS')).toEqual(
      sorted([
        `${unit('B2')} -> ${unit('ECU-2')}`,
        `${lot('HOUSING-1')} -> ${unit('ECU-2')}`,
        `${lot('CAP-1')} -> ${unit('B2')}`,
        `${lot('PCB-LOT-1')} -> ${unit('B2')}`,
        `${lot('CAP-2')} -> ${unit('B2')}`,
      ]),
    );
  });

  it('follows a unit renamed by rework (B3 -> B3R -> ECU-4)', async () => {
    const a = await traceBackward(t.stores.graph, 'ECU-4');
    expect(ids(a, 'unit')).toEqual(sorted([unit('ECU-4'), unit('B3R'), unit('B3')]));
    expect(ids(a, 'lot')).toEqual(sorted([lot('CAP-1'), lot('PCB-LOT-1'), lot('HOUSING-1')]));
  });

  it('reaches the additive once through the blend diamond', async () => {
    const a = await traceBackward(t.stores.graph, lot('BREAD-1'));
    expect(ids(a, 'lot')).toEqual(
      sorted([
        lot('BREAD-1'),
        lot('DOUGH-1'),
        lot('DOUGH-2'),
        lot('FLOUR-1'),
        lot('FLOUR-2'),
        lot('ADD-1'),
        lot('YEAST-1'),
        lot('SALT-1'),
      ]),
    );
    expect(ids(a, 'supplier')).toEqual(sorted([party('MILL-A'), party('MILL-B'), party('CHEM-A')]));
    const bread = a.nodes.find((n) => n.id === lot('BREAD-1'))!;
    expect(bread['materialName']).toBe('Bread');
  });
});

describe('identifiers', () => {
  it('finds a lot by its EPC URI and by its GS1 Digital Link, as the same node', async () => {
    const byEpc = await traceForward(t.stores.graph, SUGAR_EPC);
    const byDl = await traceForward(t.stores.graph, SUGAR_DL);
    expect(byEpc.root.id).toBe(SUGAR_EPC); // the identifier as first captured
    expect(byDl.root.id).toBe(SUGAR_EPC);
    expect(ids(byEpc, 'lot')).toEqual(sorted([SUGAR_EPC, lot('DOUGH-3'), lot('BREAD-3')]));
    expect(ids(byDl, 'lot')).toEqual(ids(byEpc, 'lot'));
  });

  it('finds a lot by its code and by the supplier lot number', async () => {
    expect((await traceBackward(t.stores.graph, 'FLOUR-1')).root.id).toBe(lot('FLOUR-1'));
    expect((await traceBackward(t.stores.graph, 'NM-7781')).root.id).toBe(lot('FLOUR-1'));
  });

  it('lists the candidates when a code names several objects', async () => {
    // A lot whose code is also a board's serial number.
    await ingestDocument(
      t.stores,
      t.projector,
      doc([receive({ lot: lot('B1'), qty: 1, uom: 'H87', supplier: party('CAPCO'), t: 0 })]),
      { source: 'test' },
    );
    const err = await traceBackward(t.stores.graph, 'B1').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFLICT', details: { id: 'B1' } });
    const candidates = (err as { details: { candidates: { id: string; kind: string }[] } }).details
      .candidates;
    expect(candidates.map((c) => [c.id, c.kind])).toEqual([
      [lot('B1'), 'lot'],
      [unit('B1'), 'unit'],
    ]);
    // The full id is never ambiguous.
    expect((await traceBackward(t.stores.graph, unit('B1'))).root.id).toBe(unit('B1'));
  });

  it('says which identifier is unknown', async () => {
    await expect(traceBackward(t.stores.graph, 'NO-SUCH-LOT')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { id: 'NO-SUCH-LOT' },
    });
  });
});

describe('forward trace and recall', () => {
  it('scopes the additive lot: the blend, time-aware packing, one shipment, one customer', async () => {
    const r = await recallScope(t.stores.graph, 'ADD-1');
    expect(r.lots.map((l) => l.id).sort()).toEqual(
      sorted([lot('ADD-1'), lot('DOUGH-1'), lot('DOUGH-2'), lot('BREAD-1'), lot('BREAD-2')]),
    );
    expect(r.units).toEqual([]);
    // CASE-3 left PAL-1 before it shipped: it is held now, PAL-1 is in scope through CASE-1/2 only.
    expect(r.containers.map((c) => c.id).sort()).toEqual(
      sorted([container('CASE-1'), container('CASE-2'), container('CASE-3'), container('PAL-1')]),
    );
    expect(r.containers.find((c) => c.id === container('CASE-3'))).toMatchObject({
      holdsNow: true,
      shipments: [],
    });
    expect(r.shipments.map((s) => s.id)).toEqual(['urn:lotgraph:shipment:SHIP-1']);
    expect(r.shipments[0]).toMatchObject({
      customer: party('CUST-A'),
      customerName: 'Distributor A',
      lots: 1,
      units: 0,
    });
    expect(r.customers.map((c) => c.id)).toEqual([party('CUST-A')]);
    // BREAD-1: 100 made, 2 cases of 40 shipped -> 20 in stock; BREAD-2: 60 in stock (packed, not shipped);
    // ADD-1: 10 received, 2 consumed -> 8; the doughs were used up.
    expect(r.quantities.shipped).toEqual([
      { material: 'urn:lotgraph:material:BREAD', materialName: 'Bread', uom: 'H87', qty: 80 },
    ]);
    expect(r.quantities.inStock).toEqual([
      { material: 'urn:lotgraph:material:ADDITIVE', materialName: 'Additive', uom: 'KGM', qty: 8 },
      { material: 'urn:lotgraph:material:BREAD', materialName: 'Bread', uom: 'H87', qty: 80 },
    ]);
    expect(r.quantities.wip).toEqual([]);
  });

  it('scopes a capacitor lot through rework and a tray swap', async () => {
    const r = await recallScope(t.stores.graph, lot('CAP-1'));
    expect(r.units.map((u) => u.id).sort()).toEqual(
      sorted([unit('B1'), unit('B2'), unit('B3'), unit('B3R'), unit('ECU-1'), unit('ECU-2'), unit('ECU-4')]),
    );
    expect(Object.fromEntries(r.units.map((u) => [u.id, u['where']]))).toEqual({
      [unit('B1')]: 'consumed',
      [unit('B2')]: 'consumed',
      [unit('B3')]: 'consumed',
      [unit('B3R')]: 'consumed',
      [unit('ECU-1')]: 'shipped',
      [unit('ECU-2')]: 'shipped',
      [unit('ECU-4')]: 'in_stock',
    });
    // ECU-2 left TRAY-1 before it shipped, so it went with TRAY-2 to OEM-B.
    expect(r.shipments.map((s) => [s.id, s.customer, s.units])).toEqual([
      ['urn:lotgraph:shipment:SHIP-3', party('OEM-A'), 1],
      ['urn:lotgraph:shipment:SHIP-4', party('OEM-B'), 1],
    ]);
    expect(r.containers.map((c) => c.id).sort()).toEqual(
      sorted([container('TRAY-1'), container('TRAY-2'), container('TRAY-3')]),
    );
    expect(r.quantities.shipped).toEqual([
      { material: 'urn:lotgraph:material:ECU', materialName: 'ECU', uom: 'units', qty: 2 },
    ]);
    expect(r.quantities.inStock).toEqual([
      { material: 'urn:lotgraph:material:CAP', materialName: 'Capacitor', uom: 'H87', qty: 900 },
      { material: 'urn:lotgraph:material:ECU', materialName: 'ECU', uom: 'units', qty: 1 },
    ]);
  });

  it('counts a lot used up in inexact parts as used up', async () => {
    const r = await recallScope(t.stores.graph, 'SALT-1');
    expect(r.lots.find((l) => l.id === lot('SALT-1'))).toMatchObject({
      quantity: 0.9,
      remaining: 0,
      where: 'none',
    });
    expect(r.quantities.inStock.map((q) => q.material)).toEqual(['urn:lotgraph:material:BREAD']);
  });

  it('keeps boards not yet assembled in WIP', async () => {
    const r = await recallScope(t.stores.graph, lot('CAP-2'));
    expect(r.units.map((u) => u.id).sort()).toEqual(
      sorted([unit('B2'), unit('B4'), unit('B5'), unit('ECU-2'), unit('ECU-3')]),
    );
    expect(r.quantities.wip).toEqual([
      { material: 'urn:lotgraph:material:BOARD', materialName: 'Board', uom: 'units', qty: 1 },
    ]);
    expect(r.customers.map((c) => c.id)).toEqual([party('OEM-B')]);
  });

  it('gives in-stock quantities by business location and WIP by work order', async () => {
    const LOC = 'urn:epcglobal:epcis:vtype:BusinessLocation';
    const wh = (c: string) => `urn:lotgraph:loc:${c}`;
    const at = (l: string) => ({ bizLocation: { id: wh(l) } });
    const SEA = 'urn:lotgraph:material:SEASALT';
    const BRINE = 'urn:lotgraph:material:BRINE';
    const mix = (op: string, hour: number, inQty: number, outLot: string, outQty: number, wo: string) => ({
      ...transform({
        op,
        t: hour,
        step: 'mixing',
        inLots: [[lot('SEA-1'), inQty, 'KGM']],
        outLots: [[lot(outLot), outQty, 'KGM']],
        material: BRINE,
      }),
      ...at('MIX'),
      bizTransactionList: [{ type: 'prodorder', bizTransaction: `urn:lotgraph:wo:${wo}` }],
    });
    await ingestDocument(
      t.stores,
      t.projector,
      doc(
        [
          {
            ...receive({
              lot: lot('SEA-1'),
              qty: 100,
              uom: 'KGM',
              supplier: party('MILL-A'),
              material: SEA,
              t: 500,
            }),
            ...at('WH-A'),
          },
          mix('BRINE-MIX-1', 501, 30, 'BRINE-1', 25, 'WO-77'),
          mix('BRINE-MIX-2', 502, 20, 'BRINE-2', 15, 'WO-78'),
          // Moved to the second warehouse; an older observation arriving later does not move it back.
          {
            type: 'ObjectEvent',
            eventTime: hour(503),
            eventTimeZoneOffset: '+00:00',
            action: 'OBSERVE',
            bizStep: 'storing',
            quantityList: [{ epcClass: lot('SEA-1'), quantity: 50, uom: 'KGM' }],
            ...at('WH-B'),
          },
          {
            type: 'ObjectEvent',
            eventTime: hour(499),
            eventTimeZoneOffset: '+00:00',
            action: 'OBSERVE',
            bizStep: 'storing',
            quantityList: [{ epcClass: lot('SEA-1'), quantity: 100, uom: 'KGM' }],
            ...at('WH-C'),
          },
        ],
        [
          { type: EPC_CLASS, id: SEA, attrs: { 'lg:name': 'Sea salt', 'lg:materialType': 'raw' } },
          { type: EPC_CLASS, id: BRINE, attrs: { 'lg:name': 'Brine', 'lg:materialType': 'intermediate' } },
          { type: LOC, id: wh('WH-B'), attrs: { 'lg:name': 'Warehouse B' } },
        ],
      ),
      { source: 'test' },
    );
    const r = await recallScope(t.stores.graph, lot('SEA-1'));
    // 100 received, 30 + 20 mixed: 50 left, in the second warehouse. The brine lots are WIP of their orders.
    expect(r.quantities.inStockByLocation).toEqual([
      {
        location: wh('WH-B'),
        locationName: 'Warehouse B',
        quantities: [{ material: SEA, materialName: 'Sea salt', uom: 'KGM', qty: 50 }],
      },
    ]);
    expect(r.quantities.wipByWorkOrder).toEqual([
      {
        workOrder: 'urn:lotgraph:wo:WO-77',
        quantities: [{ material: BRINE, materialName: 'Brine', uom: 'KGM', qty: 25 }],
      },
      {
        workOrder: 'urn:lotgraph:wo:WO-78',
        quantities: [{ material: BRINE, materialName: 'Brine', uom: 'KGM', qty: 15 }],
      },
    ]);
    expect(r.lots.find((l) => l.id === lot('BRINE-1'))).toMatchObject({
      location: wh('MIX'),
      locationName: null,
      workOrder: 'urn:lotgraph:wo:WO-77',
      materialName: 'Brine',
    });
  });

  it('draws the forward graph with containers, shipments and customers', async () => {
    const a = await traceForward(t.stores.graph, lot('BREAD-3'));
    expect(ids(a, 'lot')).toEqual([lot('BREAD-3')]);
    expect(ids(a, 'container')).toEqual(sorted([container('CASE-4'), container('PAL-2')]));
    expect(ids(a, 'shipment')).toEqual(['urn:lotgraph:shipment:SHIP-2']);
    expect(ids(a, 'customer')).toEqual([party('CUST-B')]);
    expect(edges(a, 'PACKED_IN')).toEqual(
      sorted([
        `${lot('BREAD-3')} -> ${container('CASE-4')}`,
        `${container('CASE-4')} -> ${container('PAL-2')}`,
      ]),
    );
    expect(edges(a, 'CARRIES')).toEqual([`urn:lotgraph:shipment:SHIP-2 -> ${container('PAL-2')}`]);
    expect(edges(a, 'TO')).toEqual([`urn:lotgraph:shipment:SHIP-2 -> ${party('CUST-B')}`]);
  });
});
