// POST /api/recall/narrow on the reflow fixture (test/fixtures/recall-narrowing.fixture.ts), real
// Neo4j and DuckDB, through HTTP. Expected sets come from the fixture's own constants.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, container, lot, party, unit } from '../builders/epcis.builder.ts';
import {
  ASSEMBLIES,
  CAP_A_SUPPLIER_LOT,
  LINE1,
  OVEN1,
  OVEN2,
  REFLOW,
  printed,
  reflowDocument,
  shipment,
} from '../fixtures/recall-narrowing.fixture.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import type { NarrowedScope } from '../../api/services/recall-narrowing.service.ts';
import { adminFetch, tokenFor, bearer } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

let t: TestStores;
let server: TestServer;

beforeAll(async () => {
  t = await openTestStores();
  await ingestDocument(t.stores, t.projector, reflowDocument(), { source: 'test' });
  server = await startTestServer(t);
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const narrow = (body: unknown, headers: Record<string, string> = {}) =>
  adminFetch(`${server.base}/api/recall/narrow`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
async function narrowed(criteria: unknown, id = 'CAP-B'): Promise<NarrowedScope> {
  const res = await narrow({ id, criteria });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as NarrowedScope;
}
const sorted = (xs: string[]) => [...xs].sort();
const ids = (xs: { id: string }[]) => sorted(xs.map((x) => x.id));
const reasonOf = (n: NarrowedScope, id: string) => n.removed.items.find((i) => i.id === id)?.reason ?? '';

// The full scope of CAP-B: the lot itself, every board (CAP-B is in both reflows), both ECUs.
type OpName = keyof typeof REFLOW;
const boardsOf = (ops: OpName[]) => ops.flatMap((o) => REFLOW[o].boards.map(unit));
const ecusFrom = (boards: string[]) =>
  Object.values(ASSEMBLIES)
    .filter((a) => boards.includes(unit(a.board)))
    .map((a) => unit(a.ecu));
const ALL_UNITS = sorted([...boardsOf(['R1', 'R2']), ...ecusFrom(boardsOf(['R1', 'R2']))]);
const hotOps = (limit: number) => (Object.keys(REFLOW) as OpName[]).filter((o) => REFLOW[o].peak > limit);

describe('narrowing by a process parameter', () => {
  it('keeps exactly the boards of the hot reflow and what was made from them', async () => {
    const n = await narrowed({ parameter: { name: 'peakTemperature', op: 'gt', value: 250 } });
    const kept = [...boardsOf(hotOps(250)), ...ecusFrom(boardsOf(hotOps(250)))];
    expect(hotOps(250)).toEqual(['R2']);
    expect(ids(n.scope.units)).toEqual(sorted(kept));
    expect(n.scope.lots).toEqual([]);
    expect(n.full).toEqual({ lots: 1, units: ALL_UNITS.length, containers: 4, shipments: 3, customers: 2 });
    expect(n.scope.shipments.map((s) => [s.id, s.customer, s.units])).toEqual([
      [shipment('SHIP-B'), party('CUST-B'), 2],
    ]);
    expect(n.scope.customers.map((c) => c.id)).toEqual([party('CUST-B')]);
    // What went, and why.
    expect(sorted(n.removed.items.map((i) => i.id))).toEqual(
      sorted([
        lot('CAP-B'),
        ...ALL_UNITS.filter((u) => !kept.includes(u)),
        container('CASE-1'),
        container('BOX-1'),
        container('BOX-2'),
        container('PAL-1'),
      ]),
    );
    expect(reasonOf(n, unit('B1'))).toBe(
      `made ${printed(REFLOW.R1.t)} by reflow on oven-1: peakTemperature ${REFLOW.R1.peak} °C is not above 250 °C`,
    );
    expect(reasonOf(n, unit('ECU-1'))).toContain('it has no peakTemperature reading');
    expect(reasonOf(n, unit('ECU-1'))).toContain('made from B1, removed too');
    expect(reasonOf(n, lot('CAP-B'))).toContain('received from a supplier');
    expect(n.removed.customers).toEqual([
      {
        id: party('CUST-A'),
        name: 'Carmaker A',
        reason: 'every shipment to Carmaker A (SHIP-A) carries only removed objects',
      },
    ]);
    expect(n.removed.shipments.map((s) => s.id)).toEqual([shipment('SHIP-A'), shipment('SHIP-C')]);
    expect(n.removed.shipments[0]!.reason).toBe('reached only by removed objects (B2, ECU-1)');
    expect(n.explanation[0]).toContain('with a peakTemperature reading above 250');
    expect(n.explanation).toContain(
      `Before: 1 lots, ${ALL_UNITS.length} units, 4 containers, 3 shipments, 2 customers.`,
    );
    expect(n.explanation).toContain(
      `After: 0 lots, ${kept.length} units, 0 containers, 1 shipments, 1 customers.`,
    );
  });

  it('narrows by step, oven and day of the parameter', async () => {
    const day1 = at(REFLOW.R1.t).slice(0, 10);
    const n = await narrowed({
      parameter: { name: 'peakTemperature', op: 'gte', value: 240, step: 'reflow', day: day1 },
    });
    expect(ids(n.scope.units)).toEqual(sorted([...boardsOf(['R1']), ...ecusFrom(boardsOf(['R1']))]));
    expect(reasonOf(n, unit('B3'))).toContain(`it ran on ${at(REFLOW.R2.t).slice(0, 10)}, not ${day1}`);
    const o = await narrowed({
      parameter: { name: 'peakTemperature', op: 'lt', value: 250, equipment: OVEN2 },
    });
    expect(o.scope.units).toEqual([]);
    expect(reasonOf(o, unit('B3'))).toContain(`peakTemperature ${REFLOW.R2.peak} °C is not below 250 °C`);
    expect(reasonOf(o, unit('B1'))).toContain('oven-1 is not oven-2');
  });
});

describe('narrowing by time, line and equipment', () => {
  it('keeps what operations in the time window made', async () => {
    const n = await narrowed({ from: at(12), to: at(36) });
    expect(ids(n.scope.units)).toEqual(sorted([...boardsOf(['R1']), ...ecusFrom(boardsOf(['R1']))]));
    expect(n.scope.customers.map((c) => c.id)).toEqual([party('CUST-A')]);
    expect(n.removed.customers.map((c) => c.id)).toEqual([party('CUST-B')]);
    expect(reasonOf(n, unit('B3'))).toBe(
      `made ${printed(REFLOW.R2.t)} by reflow on oven-2: it did not start before ${printed(36)}`,
    );
    expect(n.criteria).toEqual({ from: at(12), to: at(36) });
  });

  it('keeps what one oven made, and what one line made', async () => {
    const n = await narrowed({ equipment: [OVEN2] });
    expect(ids(n.scope.units)).toEqual(sorted([...boardsOf(['R2']), ...ecusFrom(boardsOf(['R2']))]));
    expect(reasonOf(n, unit('B2'))).toBe(
      `made ${printed(REFLOW.R1.t)} by reflow on oven-1: oven-1 is not oven-2`,
    );
    const l = await narrowed({ lines: [LINE1] });
    expect(ids(l.scope.units)).toEqual(sorted([...boardsOf(['R1']), ...ecusFrom(boardsOf(['R1']))]));
    expect(reasonOf(l, unit('B4'))).toContain('line SMT-2 is not SMT-1');
  });
});

describe('narrowing by a specific input lot', () => {
  it('keeps what descends from the co-input lot, named by its supplier lot number too', async () => {
    const expected = sorted([...boardsOf(['R1']), ...ecusFrom(boardsOf(['R1']))]);
    for (const inputLot of ['CAP-A', CAP_A_SUPPLIER_LOT]) {
      const n = await narrowed({ inputLot });
      expect(ids(n.scope.units)).toEqual(expected);
      expect(n.scope.lots).toEqual([]);
      expect(reasonOf(n, unit('B3'))).toBe(
        `does not descend from supplier lot CAP-A (supplier lot number ${CAP_A_SUPPLIER_LOT})`,
      );
      expect(n.explanation.join(' ')).toContain('an input used together with objects of the scope');
    }
  });

  it('keeps what descends from a lot inside the scope', async () => {
    const n = await narrowed({ inputLot: 'B3' });
    expect(ids(n.scope.units)).toEqual(sorted([unit('B3'), ...ecusFrom([unit('B3')])]));
  });

  it('refuses an input lot upstream of the root or unrelated to it', async () => {
    for (const [id, inputLot] of [
      ['B1', 'CAP-A'],
      ['B3', 'CAP-A'],
      ['CAP-B', 'NO-SUCH-LOT'],
    ]) {
      const res = await narrow({ id, criteria: { inputLot } });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { problems: { field: string }[] } };
      expect(body.error.problems.map((p) => p.field)).toEqual(['criteria.inputLot']);
    }
  });
});

describe('combined criteria', () => {
  it('keeps what meets every criterion', async () => {
    const n = await narrowed({
      parameter: { name: 'peakTemperature', op: 'gt', value: 240 },
      inputLot: 'CAP-A',
    });
    expect(hotOps(240)).toEqual(['R1', 'R2']);
    expect(ids(n.scope.units)).toEqual(sorted([...boardsOf(['R1']), ...ecusFrom(boardsOf(['R1']))]));
    const none = await narrowed({ equipment: [OVEN2], inputLot: 'CAP-A', from: at(0) });
    expect(none.scope.units).toEqual([]);
    expect(none.scope.customers).toEqual([]);
    expect(reasonOf(none, unit('B1'))).toContain('oven-1 is not oven-2');
    expect(reasonOf(none, unit('B3'))).toBe(
      'does not descend from supplier lot CAP-A (supplier lot number CAP-2504-001)',
    );
    const both = await narrowed({ equipment: [OVEN1], inputLot: 'B3' });
    expect(both.scope.units).toEqual([]);
    expect(reasonOf(both, unit('B4'))).toBe(
      `does not descend from unit B3; made ${printed(REFLOW.R2.t)} by reflow on oven-2: oven-2 is not oven-1`,
    );
  });
});

describe('bad requests', () => {
  it('names the field of a bad criterion', async () => {
    const cases: [unknown, string][] = [
      [{ parameter: { name: 'peakTemperature', op: 'gt', value: 'hot' } }, 'criteria.parameter.value'],
      [{ parameter: { name: 'peakTemperature', op: 'eq', value: 250 } }, 'criteria.parameter.op'],
      [
        { parameter: { name: 'peakTemperature', op: 'gt', value: 250, day: '2025-02-30' } },
        'criteria.parameter.day',
      ],
      [{ from: 'yesterday' }, 'criteria.from'],
      [{ from: at(36), to: at(12) }, 'criteria.to'],
      [{ lines: [] }, 'criteria.lines'],
      [{ equipment: [OVEN1, ''] }, 'criteria.equipment.1'],
      [{ colour: 'red' }, 'criteria'],
      [{}, 'criteria'],
      [undefined, 'criteria'],
    ];
    for (const [criteria, field] of cases) {
      const res = await narrow({ id: 'CAP-B', criteria });
      expect(res.status, JSON.stringify(criteria)).toBe(400);
      const body = (await res.json()) as { error: { code: string; problems: { field: string }[] } };
      expect(body.error.code).toBe('INVALID_INPUT');
      expect(body.error.problems.map((p) => p.field)).toContain(field);
    }
    const noId = await narrow({ criteria: { equipment: [OVEN1] } });
    expect(noId.status).toBe(400);
    expect(
      ((await noId.json()) as { error: { problems: { field: string }[] } }).error.problems[0]!.field,
    ).toBe('id');
  });

  it('answers an unknown root 404, and a supplier 403', async () => {
    expect((await narrow({ id: 'NO-SUCH-LOT', criteria: { equipment: [OVEN1] } })).status).toBe(404);
    const supplier = await tokenFor(server.base, 'supplier', { supplierId: party('CAPCO') });
    const res = await fetch(`${server.base}/api/recall/narrow`, {
      method: 'POST',
      headers: { ...bearer(supplier), 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'CAP-B', criteria: { equipment: [OVEN1] } }),
    });
    expect(res.status).toBe(403);
  });
});
