// GraphQL at /graphql over HTTP on the real stores, with bearer tokens of real users: what staff
// and a supplier see (exact sets worked out by hand from test/fixtures/plants.fixture.ts plus the
// two incoming inspections below), what is refused, and the limits.
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, container, doc, inspect, lot, party, unit } from '../builders/epcis.builder.ts';
import { SUGAR_EPC, plantsDocument } from '../fixtures/plants.fixture.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import { TEST_ADMIN_TOKEN, bearer, tokenFor } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

let t: TestStores;
let server: TestServer | undefined;
let base: string;
const tokens = { qe: '', auditor: '', procurement: '', processEngineer: '', millA: '', operator: '' };

// Two incoming inspections on top of the plants: one of Northfield Mill's own flour, one of
// Riverside Mill's, sharing the defect code MOISTURE.
const inspections = doc([
  inspect({ target: lot('FLOUR-1'), t: 1, kind: 'incoming', result: 'fail', defects: [['MOISTURE', 3]] }),
  inspect({
    target: lot('FLOUR-2'),
    t: 1,
    kind: 'incoming',
    result: 'fail',
    defects: [
      ['MOISTURE', 1, 'minor'],
      ['INSECTS', 1, 'critical'],
    ],
  }),
]);

beforeAll(async () => {
  t = await openTestStores();
  await ingestDocument(t.stores, t.projector, plantsDocument(), { source: 'test' });
  await ingestDocument(t.stores, t.projector, inspections, { source: 'test' });
  server = await startTestServer(t);
  base = server.base;
  tokens.qe = await tokenFor(base, 'quality_engineer');
  tokens.auditor = await tokenFor(base, 'auditor');
  tokens.procurement = await tokenFor(base, 'procurement');
  tokens.processEngineer = await tokenFor(base, 'process_engineer');
  tokens.millA = await tokenFor(base, 'supplier', { supplierId: party('MILL-A') });
  tokens.operator = await tokenFor(base, 'operator');
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

interface Answer {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions: { code: string } & Record<string, unknown> }[];
}

async function gql(
  token: string | null,
  query: string,
  variables?: Record<string, unknown>,
): Promise<Answer> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? bearer(token) : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...((await res.json()) as Omit<Answer, 'status'>) };
}

/** The data of an answer without errors. */
async function data<T = Record<string, unknown>>(
  token: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const a = await gql(token, query, variables);
  expect(a.errors).toBeUndefined();
  expect(a.status).toBe(200);
  return a.data as T;
}

const sorted = (xs: string[]) => [...xs].sort();
const idsOf = (xs: { id: string }[]) => xs.map((x) => x.id).sort();
const codeOf = (a: Answer) => a.errors?.[0]?.extensions.code;

const ALL_LOTS = [
  ...['FLOUR-1', 'FLOUR-2', 'ADD-1', 'YEAST-1', 'SALT-1', 'DOUGH-1', 'DOUGH-2', 'DOUGH-3'].map(lot),
  ...['BREAD-1', 'BREAD-2', 'BREAD-3', 'CAP-1', 'CAP-2', 'PCB-LOT-1', 'HOUSING-1'].map(lot),
  SUGAR_EPC,
];
const ALL_UNITS = ['B1', 'B2', 'B3', 'B3R', 'B4', 'B5', 'ECU-1', 'ECU-2', 'ECU-3', 'ECU-4'].map(unit);
const ALL_CONTAINERS = [
  ...['CASE-1', 'CASE-2', 'CASE-3', 'CASE-4', 'PAL-1', 'PAL-2'],
  ...['TRAY-1', 'TRAY-2', 'TRAY-3'],
].map(container);
const ALL_SUPPLIERS = ['MILL-A', 'MILL-B', 'CHEM-A', 'CAPCO', 'CAPCO2'].map(party);
const ALL_CUSTOMERS = ['CUST-A', 'CUST-B', 'OEM-A', 'OEM-B'].map(party);
const ALL_SHIPMENTS = ['SHIP-1', 'SHIP-2', 'SHIP-3', 'SHIP-4'].map((s) => `urn:lotgraph:shipment:${s}`);
const ALL_OPERATIONS = [
  ...['MIX-1', 'MIX-2', 'MIX-3', 'BAKE-1', 'BAKE-2', 'BAKE-3', 'SMT-1', 'SMT-2'],
  ...['REWORK-1', 'REWORK-2', 'ASM-1', 'ASM-2', 'ASM-3', 'ASM-4'],
].map((o) => `urn:lotgraph:op:${o}`);

const EVERYTHING = `{
  lots { id }
  units { id }
  containers { id }
  items { id }
  operations { id }
  suppliers { id }
  customers { id }
  shipments { id }
  materials { id }
  equipment { id }
  inspections { ofLot { id } ofUnit { id } }
  defects { code }
}`;
interface Everything {
  lots: { id: string }[];
  units: { id: string }[];
  containers: { id: string }[];
  items: { id: string }[];
  operations: { id: string }[];
  suppliers: { id: string }[];
  customers: { id: string }[];
  shipments: { id: string }[];
  materials: { id: string }[];
  equipment: { id: string }[];
  inspections: { ofLot: { id: string }[]; ofUnit: { id: string }[] }[];
  defects: { code: string }[];
}

describe('who may ask', () => {
  it('answers 401 without credentials, before anything runs', async () => {
    const a = await gql(null, '{ lots { id } }');
    expect(a.status).toBe(401);
    expect(codeOf(a)).toBe('UNAUTHENTICATED');
    expect(a.data).toBeUndefined();
  });

  it('answers 403 to a role without graphql:read (operator)', async () => {
    const a = await gql(tokens.operator, '{ lots { id } }');
    expect(a.status).toBe(403);
    expect(codeOf(a)).toBe('FORBIDDEN');
    expect(a.data).toBeUndefined();
  });
});

describe('staff', () => {
  it('see every node of the graph, whatever their staff role', async () => {
    const staff = [tokens.qe, tokens.auditor, tokens.procurement, tokens.processEngineer, TEST_ADMIN_TOKEN];
    for (const token of staff) {
      const d = await data<Everything>(token, EVERYTHING);
      expect(idsOf(d.lots)).toEqual(sorted(ALL_LOTS));
      expect(idsOf(d.units)).toEqual(sorted(ALL_UNITS));
      expect(idsOf(d.containers)).toEqual(sorted(ALL_CONTAINERS));
      expect(idsOf(d.items)).toEqual(sorted([...ALL_LOTS, ...ALL_UNITS, ...ALL_CONTAINERS]));
      expect(idsOf(d.operations)).toEqual(sorted(ALL_OPERATIONS));
      expect(idsOf(d.suppliers)).toEqual(sorted(ALL_SUPPLIERS));
      expect(idsOf(d.customers)).toEqual(sorted(ALL_CUSTOMERS));
      expect(idsOf(d.shipments)).toEqual(sorted(ALL_SHIPMENTS));
      expect(d.inspections.map((i) => [...i.ofLot, ...i.ofUnit][0]!.id).sort()).toEqual(
        sorted([lot('ADD-1'), lot('BREAD-1'), unit('B2'), lot('FLOUR-1'), lot('FLOUR-2')]),
      );
      expect(d.defects.map((x) => x.code).sort()).toEqual(['FOREIGN-MATTER', 'INSECTS', 'MOISTURE', 'SHORT']);
      expect(idsOf(d.materials)).toEqual(
        sorted(
          ['BREAD', 'DOUGH', 'BOARD', 'ECU', 'ADDITIVE', 'CAP'].map((m) => `urn:lotgraph:material:${m}`),
        ),
      );
      expect(d.equipment).toEqual([]);
    }
  });

  it('follow the material flow with its quantities and the operation that made it', async () => {
    const d = await data<{
      lots: {
        code: string;
        supplierLot: string;
        receivedQty: number;
        uom: string;
        suppliedBy: { name: string }[];
        feedsLotsConnection: {
          edges: { node: { id: string }; properties: { qty: number; uom: string; operation: string } }[];
        };
      }[];
    }>(
      tokens.qe,
      `query($id: String!) {
        lots(where: { id: { eq: $id } }) {
          code supplierLot receivedQty uom
          suppliedBy { name }
          feedsLotsConnection { edges { node { id } properties { qty uom operation } } }
        }
      }`,
      { id: lot('FLOUR-1') },
    );
    expect(d.lots).toHaveLength(1);
    const f = d.lots[0]!;
    expect(f).toMatchObject({ code: 'FLOUR-1', supplierLot: 'NM-7781', receivedQty: 500, uom: 'KGM' });
    expect(f.suppliedBy).toEqual([{ name: 'Northfield Mill' }]);
    expect(
      f.feedsLotsConnection.edges
        .map((e) => [e.node.id, e.properties.qty, e.properties.uom, e.properties.operation])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      [lot('DOUGH-1'), 100, 'KGM', 'urn:lotgraph:op:MIX-1'],
      [lot('DOUGH-3'), 50, 'KGM', 'urn:lotgraph:op:MIX-3'],
    ]);
  });

  it('see packing with its time span: CASE-3 came off PAL-1 before PAL-1 shipped', async () => {
    const d = await data<{
      containers: {
        packedInConnection: {
          edges: { node: { id: string }; properties: { since: string; until: string | null } }[];
        };
        carriedBy: { id: string; to: { name: string }[] }[];
      }[];
    }>(
      tokens.auditor,
      `{ containers(where: { id: { in: ["${container('CASE-1')}", "${container('CASE-3')}"] } }, sort: [{ id: ASC }]) {
          packedInConnection { edges { node { id } properties { since until } } }
          carriedBy { id to { name } }
        } }`,
    );
    const [case1, case3] = d.containers;
    expect(case1!.packedInConnection.edges.map((e) => [e.node.id, e.properties.until])).toEqual([
      [container('PAL-1'), null],
    ]);
    expect(case3!.packedInConnection.edges.map((e) => e.node.id)).toEqual([container('PAL-1')]);
    expect(case3!.packedInConnection.edges[0]!.properties.until).toBe('2025-03-01T14:00:00.000Z');
    // Only the pallet itself was carried; the cases travel inside it.
    expect(case1!.carriedBy).toEqual([]);
    const pal = await data<{
      shipments: { id: string; carriesContainers: { id: string }[]; to: { name: string }[] }[];
    }>(
      tokens.auditor,
      `{ shipments(where: { id: { eq: "urn:lotgraph:shipment:SHIP-1" } }) { id carriesContainers { id } to { name } } }`,
    );
    expect(pal.shipments).toEqual([
      {
        id: 'urn:lotgraph:shipment:SHIP-1',
        carriesContainers: [{ id: container('PAL-1') }],
        to: [{ name: 'Distributor A' }],
      },
    ]);
  });

  it('may filter across relationships: the lots that went into DOUGH-1', async () => {
    const d = await data<{ lots: { id: string }[] }>(
      tokens.procurement,
      `{ lots(where: { feedsLots: { some: { id: { eq: "${lot('DOUGH-1')}" } } } }) { id } }`,
    );
    expect(idsOf(d.lots)).toEqual(sorted([lot('FLOUR-1'), lot('ADD-1'), lot('YEAST-1'), lot('SALT-1')]));
  });

  it('may filter times as ranges: the inspections from three hours on', async () => {
    const d = await data<{
      inspections: { time: string; ofLot: { id: string }[]; ofUnit: { id: string }[] }[];
    }>(
      tokens.qe,
      `query($from: String!) { inspections(where: { time: { gte: $from } }, sort: [{ time: ASC }]) {
          time ofLot { id } ofUnit { id } } }`,
      { from: at(3) },
    );
    expect(d.inspections.map((i) => [...i.ofLot, ...i.ofUnit].map((x) => x.id))).toEqual([
      [unit('B2')],
      [lot('BREAD-1')],
    ]);
  });

  it('trace backward like REST: the birth record of a reworked ECU', async () => {
    const d = await data<{
      trace: {
        root: { id: string; kind: string };
        direction: string;
        nodes: { id: string; kind: string; label: string; properties: Record<string, unknown> }[];
        edges: { from: string; to: string; type: string; properties: Record<string, unknown> }[];
      };
    }>(
      tokens.qe,
      `{ trace(id: "ECU-2", direction: BACKWARD) {
          root { id kind } direction
          nodes { id kind label properties }
          edges { from to type properties }
        } }`,
    );
    const tr = d.trace;
    expect(tr.root).toEqual({ id: unit('ECU-2'), kind: 'UNIT' });
    expect(tr.direction).toBe('BACKWARD');
    const of = (kind: string) =>
      tr.nodes
        .filter((n) => n.kind === kind)
        .map((n) => n.id)
        .sort();
    expect(of('UNIT')).toEqual(sorted([unit('ECU-2'), unit('B2')]));
    expect(of('LOT')).toEqual(sorted([lot('CAP-1'), lot('CAP-2'), lot('PCB-LOT-1'), lot('HOUSING-1')]));
    expect(of('OPERATION')).toEqual(
      sorted(['urn:lotgraph:op:ASM-2', 'urn:lotgraph:op:REWORK-1', 'urn:lotgraph:op:SMT-1']),
    );
    expect(of('SUPPLIER')).toEqual(sorted([party('CAPCO'), party('CAPCO2')]));
    expect(of('INSPECTION')).toHaveLength(1);
    expect(
      tr.edges
        .filter((e) => e.type === 'FEEDS')
        .map((e) => `${e.from} -> ${e.to}`)
        .sort(),
    ).toEqual(
      sorted([
        `${unit('B2')} -> ${unit('ECU-2')}`,
        `${lot('HOUSING-1')} -> ${unit('ECU-2')}`,
        `${lot('CAP-1')} -> ${unit('B2')}`,
        `${lot('PCB-LOT-1')} -> ${unit('B2')}`,
        `${lot('CAP-2')} -> ${unit('B2')}`,
      ]),
    );
    const housing = tr.edges.find((e) => e.type === 'FEEDS' && e.from === lot('HOUSING-1'))!;
    expect(housing.properties).toEqual({ qty: 1, uom: 'H87', operation: 'urn:lotgraph:op:ASM-2' });
    expect(tr.nodes.find((n) => n.id === lot('CAP-1'))!.properties).toMatchObject({ code: 'CAP-1' });
  });

  it('recall: the scope of the additive lot, with quantities and where each lot is', async () => {
    const d = await data<{
      recall: {
        root: { id: string };
        lots: { id: string; where: string; remaining: number }[];
        units: unknown[];
        shipments: { id: string; customer: string; lots: number }[];
        customers: { id: string; name: string }[];
        quantities: { shipped: { material: string; uom: string; qty: number }[] };
      };
    }>(
      tokens.qe,
      `{ recall(id: "ADD-1") {
          root { id }
          lots { id where remaining }
          units { id }
          shipments { id customer lots }
          customers { id name }
          quantities { shipped { material uom qty } }
        } }`,
    );
    const r = d.recall;
    expect(r.root.id).toBe(lot('ADD-1'));
    // ADD-1: 10 received, 2 used; the doughs were used up; BREAD-1: 100 made, 80 shipped;
    // BREAD-2: 60 made, none shipped.
    expect(r.lots.map((l) => [l.id, l.where, l.remaining]).sort()).toEqual(
      [
        [lot('ADD-1'), 'IN_STOCK', 8],
        [lot('BREAD-1'), 'IN_STOCK', 20],
        [lot('BREAD-2'), 'IN_STOCK', 60],
        [lot('DOUGH-1'), 'NONE', 0],
        [lot('DOUGH-2'), 'NONE', 0],
      ].sort(),
    );
    expect(r.units).toEqual([]);
    expect(r.shipments).toEqual([{ id: 'urn:lotgraph:shipment:SHIP-1', customer: party('CUST-A'), lots: 1 }]);
    expect(r.customers).toEqual([{ id: party('CUST-A'), name: 'Distributor A' }]);
    expect(r.quantities.shipped).toEqual([{ material: 'urn:lotgraph:material:BREAD', uom: 'H87', qty: 80 }]);
  });

  it('get NOT_FOUND for an unknown identifier and INVALID_INPUT for a blank one', async () => {
    const unknown = await gql(tokens.qe, '{ trace(id: "NO-SUCH-LOT", direction: FORWARD) { root { id } } }');
    expect(unknown.status).toBe(200);
    expect(unknown.data).toBeNull();
    expect(unknown.errors).toEqual([
      {
        message: 'no lot, unit or container is known as "NO-SUCH-LOT"',
        locations: [{ line: 1, column: 3 }],
        path: ['trace'],
        extensions: { code: 'NOT_FOUND', id: 'NO-SUCH-LOT' },
      },
    ]);
    const blank = await gql(tokens.qe, '{ recall(id: "  ") { root { id } } }');
    expect(codeOf(blank)).toBe('INVALID_INPUT');
  });
});

describe('a supplier (Northfield Mill)', () => {
  it('sees its own supplier, its own lots, their inspections and defects; nothing else', async () => {
    const d = await data<Everything>(tokens.millA, EVERYTHING);
    expect(idsOf(d.lots)).toEqual(sorted([lot('FLOUR-1'), lot('YEAST-1')]));
    expect(idsOf(d.items)).toEqual(sorted([lot('FLOUR-1'), lot('YEAST-1')]));
    expect(idsOf(d.suppliers)).toEqual([party('MILL-A')]);
    expect(d.inspections).toEqual([{ ofLot: [{ id: lot('FLOUR-1') }], ofUnit: [] }]);
    expect(d.defects).toEqual([{ code: 'MOISTURE' }]);
    for (const none of ['units', 'containers', 'operations', 'customers', 'shipments', 'materials'] as const)
      expect(d[none], none).toEqual([]);
  });

  it('gets nothing of another supplier by id, code or supplier lot number', async () => {
    const d = await data<{ a: unknown[]; b: unknown[]; c: unknown[]; d: unknown[] }>(
      tokens.millA,
      `{ a: lots(where: { id: { eq: "${lot('FLOUR-2')}" } }) { id }
         b: items(where: { code: { eq: "CAP-1" } }) { id }
         c: suppliers(where: { id: { eq: "${party('MILL-B')}" } }) { id }
         d: lotsConnection(where: { code: { in: ["FLOUR-2", "BREAD-1", "DOUGH-1"] } }) { totalCount } }`,
    );
    expect(d).toEqual({ a: [], b: [], c: [], d: { totalCount: 0 } });
  });

  it('finds nothing around its own lot through any relationship, at any depth', async () => {
    const d = await data<{ lots: Record<string, unknown>[] }>(
      tokens.millA,
      `{ lots(where: { id: { eq: "${lot('FLOUR-1')}" } }) {
          id
          feedsLots { id } feedsUnits { id } fedByLots { id } fedByUnits { id }
          feedsLotsConnection { totalCount edges { node { id } } }
          producedBy { id } consumedBy { id } consumedByConnection { totalCount }
          packedIn { id } carriedBy { id } ofMaterial { id }
          suppliedBy { id lots { id feedsLots { id } } units { id } }
          inspections { kind result found { code inspections { ofLot { id } } } }
        } }`,
    );
    expect(d.lots).toEqual([
      {
        id: lot('FLOUR-1'),
        feedsLots: [],
        feedsUnits: [],
        fedByLots: [],
        fedByUnits: [],
        feedsLotsConnection: { totalCount: 0, edges: [] },
        producedBy: [],
        consumedBy: [],
        consumedByConnection: { totalCount: 0 },
        packedIn: [],
        carriedBy: [],
        ofMaterial: [],
        suppliedBy: [
          {
            id: party('MILL-A'),
            lots: expect.arrayContaining([
              { id: lot('FLOUR-1'), feedsLots: [] },
              { id: lot('YEAST-1'), feedsLots: [] },
            ]) as unknown,
            units: [],
          },
        ],
        // MOISTURE was also found on Riverside Mill's flour: that inspection stays out.
        inspections: [
          {
            kind: 'incoming',
            result: 'fail',
            found: [{ code: 'MOISTURE', inspections: [{ ofLot: [{ id: lot('FLOUR-1') }] }] }],
          },
        ],
      },
    ]);
    const suppliedBy = d.lots[0]!['suppliedBy'] as { lots: unknown[] }[];
    expect(suppliedBy[0]!.lots).toHaveLength(2);
  });

  it('reaches no other lot from an inspection or a defect', async () => {
    const d = await data<{ defects: unknown[]; inspections: unknown[] }>(
      tokens.millA,
      `{ defects { code inspections { kind ofLot { id suppliedBy { id } } ofUnit { id } } }
         inspections(where: { result: { eq: "fail" } }) { ofLot { id } ofUnit { id } } }`,
    );
    expect(d).toEqual({
      defects: [
        {
          code: 'MOISTURE',
          inspections: [
            {
              kind: 'incoming',
              ofLot: [{ id: lot('FLOUR-1'), suppliedBy: [{ id: party('MILL-A') }] }],
              ofUnit: [],
            },
          ],
        },
      ],
      inspections: [{ ofLot: [{ id: lot('FLOUR-1') }], ofUnit: [] }],
    });
  });

  it('may not filter across a relationship, in the query or in variables', async () => {
    const probes: [string, Record<string, unknown>?][] = [
      [`{ lots(where: { feedsLots: { some: { code: { eq: "DOUGH-1" } } } }) { id } }`],
      [
        `{ lots(where: { OR: [{ code: { eq: "X" } }, { fedByLotsConnection: { none: { node: { code: { eq: "Y" } } } } }] }) { id } }`,
      ],
      [
        `query($w: LotWhere) { lots(where: $w) { id } }`,
        { w: { NOT: { packedIn: { some: { code: { eq: 'CASE-1' } } } } } },
      ],
      [
        `query($w: DefectWhere) { defects(where: $w) { code } }`,
        { w: { inspections: { some: { ofLot: { some: { code: { eq: 'FLOUR-2' } } } } } } },
      ],
      [
        `{ suppliers { lotsConnection(where: { node: { consumedBy: { some: { step: { eq: "mixing" } } } } }) { totalCount } } }`,
      ],
    ];
    for (const [query, variables] of probes) {
      const a = await gql(tokens.millA, query, variables);
      expect(a.status, query).toBe(403);
      expect(codeOf(a), query).toBe('FORBIDDEN');
      expect(a.data, query).toBeUndefined();
    }
    // Filters on the object's own fields are fine.
    const own = await data<{ lots: { id: string }[] }>(
      tokens.millA,
      `query($w: LotWhere) { lots(where: $w) { id } }`,
      { w: { OR: [{ code: { eq: 'YEAST-1' } }, { supplierLot: { eq: 'NM-7781' } }] } },
    );
    expect(idsOf(own.lots)).toEqual(sorted([lot('FLOUR-1'), lot('YEAST-1')]));
  });

  it("traces its own lot and sees only its own objects; another supplier's lot is NOT_FOUND", async () => {
    for (const direction of ['BACKWARD', 'FORWARD']) {
      const d = await data<{ trace: { nodes: { id: string; kind: string }[]; edges: { type: string }[] } }>(
        tokens.millA,
        `{ trace(id: "FLOUR-1", direction: ${direction}) { nodes { id kind } edges { type } } }`,
      );
      const of = (kind: string) => d.trace.nodes.filter((n) => n.kind === kind).map((n) => n.id);
      expect(of('LOT')).toEqual([lot('FLOUR-1')]);
      expect(of('SUPPLIER')).toEqual([party('MILL-A')]);
      expect(of('INSPECTION')).toHaveLength(1);
      expect(d.trace.nodes).toHaveLength(3);
      expect(d.trace.edges.map((e) => e.type).sort()).toEqual(['INSPECTED', 'SUPPLIED_BY']);
    }
    for (const id of ['FLOUR-2', lot('FLOUR-2'), 'BREAD-1', 'ECU-2']) {
      const a = await gql(tokens.millA, `{ trace(id: "${id}", direction: BACKWARD) { root { id } } }`);
      expect(codeOf(a), id).toBe('NOT_FOUND');
      expect(a.data).toBeNull();
    }
  });

  it('may not ask for a recall scope', async () => {
    const a = await gql(tokens.millA, '{ recall(id: "FLOUR-1") { lots { id } } }');
    expect(codeOf(a)).toBe('FORBIDDEN');
    expect(a.data).toBeNull();
  });
});

describe('limits and shape', () => {
  it('refuses a query deeper than the limit, and runs one at the limit', async () => {
    const nest = (n: number): string => (n === 0 ? 'id' : `id feedsLots { ${nest(n - 1)} }`);
    const ok = await gql(tokens.qe, `{ lots { ${nest(6)} } }`); // lots + 6 x feedsLots + id = depth 8
    expect(ok.errors).toBeUndefined();
    const deep = await gql(tokens.qe, `{ lots { ${nest(7)} } }`);
    expect(deep.status).toBe(400);
    expect(codeOf(deep)).toBe('INVALID_INPUT');
    expect(deep.errors![0]!.message).toMatch(/depth limit of 8/);
  });

  it('refuses a query over the cost limit', async () => {
    const q = (first: number) => `{ lotsConnection(first: ${first}) { edges { node { id code } } } }`;
    expect((await gql(tokens.qe, q(100))).errors).toBeUndefined();
    const costly = await gql(tokens.qe, q(1000));
    expect(costly.status).toBe(400);
    expect(codeOf(costly)).toBe('INVALID_INPUT');
    expect(costly.errors![0]!.message).toMatch(/Cost limit of 5000/);
  });

  it('refuses a query that would expand into more than 30 subqueries, though within depth and cost', async () => {
    const level = (d: number): string =>
      d === 0
        ? 'id'
        : ['feedsLots', 'feedsUnits', 'fedByLots', 'fedByUnits']
            .map((r) => `${r} { ${level(d - 1)} }`)
            .join(' ');
    const q = (d: number) => `{ lots(where: { code: { eq: "FLOUR-1" } }) { ${level(d)} } }`;
    expect((await gql(tokens.qe, q(2))).errors).toBeUndefined(); // 1 + 4 + 16 = 21
    const wide = await gql(tokens.qe, q(3)); // 1 + 4 + 16 + 64 = 85
    expect(wide.status).toBe(400);
    expect(codeOf(wide)).toBe('INVALID_INPUT');
    expect(wide.errors![0]!.message).toBe(
      'the query selects 85 node lists or connections; the limit is 30 (split it, or use trace)',
    );
  });

  it('refuses too many aliases and bodies over 1 MB', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: lots { id }`).join(' ');
    const a = await gql(tokens.qe, `{ ${aliases} }`);
    expect(a.status).toBe(400);
    expect(a.errors![0]!.message).toMatch(/Aliases limit of 15/);
    const big = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(tokens.qe) },
      body: JSON.stringify({ query: '{ lots { id } }', variables: { pad: 'x'.repeat(1_100_000) } }),
    });
    expect(big.status).toBe(413);
  });

  it('has no mutations and no subscriptions, and allows introspection', async () => {
    const d = await data<{
      __schema: { queryType: { name: string }; mutationType: null; subscriptionType: null };
    }>(tokens.auditor, '{ __schema { queryType { name } mutationType { name } subscriptionType { name } } }');
    expect(d.__schema).toEqual({ queryType: { name: 'Query' }, mutationType: null, subscriptionType: null });
    const full = await gql(tokens.millA, getIntrospectionQuery());
    expect(full.errors).toBeUndefined();
    const m = await gql(tokens.qe, 'mutation { deleteLots { nodesDeleted } }');
    expect(m.status).toBe(400);
    expect(codeOf(m)).toBe('INVALID_INPUT');
  });

  it('answers GET queries only with a CSRF-safe header, and serves no landing page', async () => {
    const url = `${base}/graphql?query=${encodeURIComponent('{ suppliers { id } }')}`;
    const blocked = await fetch(url, { headers: bearer(tokens.qe) });
    expect(blocked.status).toBe(400);
    const ok = await fetch(url, { headers: { ...bearer(tokens.qe), 'apollo-require-preflight': 'true' } });
    expect(ok.status).toBe(200);
    expect(idsOf(((await ok.json()) as { data: { suppliers: { id: string }[] } }).data.suppliers)).toEqual(
      sorted(ALL_SUPPLIERS),
    );
    const page = await fetch(`${base}/graphql`, { headers: { ...bearer(tokens.qe), accept: 'text/html' } });
    expect(page.headers.get('content-type') ?? '').not.toMatch(/html/);
  });
});
