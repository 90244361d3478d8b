// "Hold all in-house stock" through the HTTP API on the hand-built plants
// (test/fixtures/plants.fixture.ts), against the real Neo4j and a real DuckDB file. The expected
// sets are worked out by hand from the fixture's events (comments say how), never from the answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastSeq } from '../../analytics/event-log.store.ts';
import { holdEvent } from '../../etl/holds.ts';
import { ingestDocument, rebuild } from '../../etl/ingest.ts';
import { at, container, doc, lot, party, unit } from '../builders/epcis.builder.ts';
import { plantsDocument } from '../fixtures/plants.fixture.ts';
import { TEST_ADMIN_TOKEN, bearer, tokenFor, actorFor } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

let t: TestStores;
let srv: TestServer;
let qe: string;
let qeActor: string;
let procurement: string;
let supplier: string;

beforeAll(async () => {
  t = await openTestStores();
  await ingestDocument(t.stores, t.projector, plantsDocument(), { source: 'test' });
  srv = await startTestServer(t);
  qe = await tokenFor(srv.base, 'quality_engineer');
  procurement = await tokenFor(srv.base, 'procurement');
  supplier = await tokenFor(srv.base, 'supplier', { supplierId: party('CHEM-A') });
  qeActor = await actorFor(srv.base, qe);
});
afterAll(async () => {
  await srv?.close();
  await t?.close();
});

async function call(token: string, method: 'GET' | 'POST', path: string, body?: unknown) {
  return fetch(`${srv.base}${path}`, {
    method,
    headers: { ...bearer(token), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
async function ok<T>(res: Response): Promise<T> {
  if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface Obj {
  id: string;
  kind: string;
  code: string;
}
interface HoldAnswer {
  held: Obj[];
  alreadyHeld: Obj[];
  eventId: string | null;
}
interface Node {
  id: string;
  kind: string;
  held?: boolean;
  state?: string;
  [k: string]: unknown;
}
interface AuditEntry {
  actor: string;
  action: string;
  subject: string;
  reason: string | null;
  after: { items: Obj[]; eventId: string; caseId: string | null; recall?: string };
}

const obj = (id: string, kind: string, code: string): Obj => ({ id, kind, code });
const ids = (xs: { id: string }[]) => xs.map((x) => x.id).sort();
const sorted = (xs: string[]) => [...xs].sort();

// Recall of the additive lot ADD-1 (bakery):
// - ADD-1: 10 kg received, 1 kg into MIX-1 and 1 kg into MIX-2 -> 8 kg in stock: held.
// - DOUGH-1 (103 made, 103 baked) and DOUGH-2 (101 made, 50 + 51 baked): used up, not held.
// - BREAD-1: 100 made, CASE-1 and CASE-2 (40 each) left on PAL-1 with SHIP-1 -> 20 in stock: held.
// - BREAD-2: 60 made, 40 of them in CASE-3, nothing shipped -> 60 in stock: held.
// - CASE-3 came off PAL-1 before SHIP-1 and still holds BREAD-2: held.
// - CASE-1, CASE-2 (inside PAL-1 when it shipped) and PAL-1 itself left with SHIP-1: not held.
const ADD_RECALL_HELD = [
  obj(lot('ADD-1'), 'lot', 'ADD-1'),
  obj(lot('BREAD-1'), 'lot', 'BREAD-1'),
  obj(lot('BREAD-2'), 'lot', 'BREAD-2'),
  obj(container('CASE-3'), 'container', 'CASE-3'),
];
const ADD_RECALL_NOT_HELD = [
  lot('DOUGH-1'),
  lot('DOUGH-2'),
  container('CASE-1'),
  container('CASE-2'),
  container('PAL-1'),
];
// Recall of the capacitor lot CAP-1 (electronics):
// - CAP-1: 1000 received, 100 into SMT-1 -> 900 in stock: held.
// - B1, B2, B3, B3R went into ECUs or rework: consumed, not held.
// - ECU-1 (TRAY-1, SHIP-3) and ECU-2 (moved to TRAY-2, SHIP-4) shipped: not held, nor their trays.
// - ECU-4 sits in TRAY-3, which never shipped: both held.
const CAP_RECALL_HELD = [
  obj(lot('CAP-1'), 'lot', 'CAP-1'),
  obj(unit('ECU-4'), 'unit', 'ECU-4'),
  obj(container('TRAY-3'), 'container', 'TRAY-3'),
];

const REASON = 'Supplier notice: additive lot contaminated';
const holdsAudit = async (action: string) =>
  (
    await ok<{ entries: AuditEntry[] }>(
      await call(TEST_ADMIN_TOKEN, 'GET', `/api/audit?action=${encodeURIComponent(action)}`),
    )
  ).entries;
const auditCount = async () =>
  (await ok<{ entries: unknown[] }>(await call(TEST_ADMIN_TOKEN, 'GET', '/api/audit?limit=10000'))).entries
    .length;

describe('holds', () => {
  it('refuses procurement and supplier users (hold:write), and lets procurement read the list', async () => {
    for (const token of [procurement, supplier]) {
      const res = await call(token, 'POST', '/api/holds', { recall: 'ADD-1', reason: REASON });
      expect(res.status).toBe(403);
      const rel = await call(token, 'POST', '/api/holds/release', { items: ['ADD-1'], reason: 'x' });
      expect(rel.status).toBe(403);
    }
    expect((await call(supplier, 'GET', '/api/holds')).status).toBe(403);
    expect(await ok(await call(procurement, 'GET', '/api/holds'))).toEqual({ holds: [] });
  });

  it('names the field of a bad hold request', async () => {
    const problems = async (body: unknown) => {
      const res = await call(qe, 'POST', '/api/holds', body);
      expect(res.status).toBe(400);
      return ((await res.json()) as { error: { problems: { field: string }[] } }).error.problems.map(
        (p) => p.field,
      );
    };
    expect(await problems({ recall: 'ADD-1' })).toEqual(['reason']);
    expect(await problems({ recall: 'ADD-1', reason: '   ' })).toEqual(['reason']);
    expect(await problems({ reason: REASON })).toEqual(['recall']);
    expect(await problems({ recall: 'ADD-1', items: ['ADD-1'], reason: REASON })).toEqual(['recall']);
    expect(await problems({ items: ['ADD-1', 'NO-SUCH-LOT'], reason: REASON })).toEqual(['items.1']);
    // Nothing was written by any of them.
    expect(await holdsAudit('stock.hold')).toEqual([]);
  });

  it('holds every object of a recall still in the plant, in one event with one audit entry', async () => {
    const seqBefore = await lastSeq(t.stores.duck);
    const auditBefore = await auditCount();
    const a = await ok<HoldAnswer>(
      await call(qe, 'POST', '/api/holds', { recall: 'ADD-1', reason: REASON, caseId: 'RC-7' }),
    );
    expect(sorted(a.held.map((o) => JSON.stringify(o)))).toEqual(
      sorted(ADD_RECALL_HELD.map((o) => JSON.stringify(o))),
    );
    expect(a.alreadyHeld).toEqual([]);
    expect(a.eventId).toMatch(/^urn:uuid:/);
    for (const id of ADD_RECALL_NOT_HELD) expect(ids(a.held)).not.toContain(id);
    // One log entry (the hold event) and one audit entry (stock.hold, not events.capture).
    expect(await lastSeq(t.stores.duck)).toBe(seqBefore + 1);
    expect(await auditCount()).toBe(auditBefore + 1);

    const [entry, ...more] = await holdsAudit('stock.hold');
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ actor: qeActor, reason: REASON, subject: lot('ADD-1') });
    expect(ids(entry!.after.items)).toEqual(ids(ADD_RECALL_HELD));
    expect(entry!.after).toMatchObject({ eventId: a.eventId, caseId: 'RC-7', recall: lot('ADD-1') });
  });

  it('lists what is on hold, with who, why and the case', async () => {
    const { holds } = await ok<{ holds: Record<string, unknown>[] }>(await call(qe, 'GET', '/api/holds'));
    expect(ids(holds as { id: string }[])).toEqual(ids(ADD_RECALL_HELD));
    for (const h of holds) {
      expect(h).toMatchObject({ by: qeActor, reason: REASON, caseId: 'RC-7' });
      expect(Date.parse(h['since'] as string)).not.toBeNaN();
    }
    expect(holds.find((h) => h['id'] === lot('ADD-1'))).toMatchObject({
      kind: 'lot',
      code: 'ADD-1',
      material: 'urn:lotgraph:material:ADDITIVE',
    });
    // Filtered by a recall whose scope holds none of them.
    expect(await ok(await call(qe, 'GET', '/api/holds?recall=CAP-1'))).toEqual({ holds: [] });
    const inBread = await ok<{ holds: Obj[] }>(await call(qe, 'GET', '/api/holds?recall=BREAD-2'));
    expect(ids(inBread.holds)).toEqual(sorted([lot('BREAD-2'), container('CASE-3')]));
  });

  it('shows the holds and the states in trace and recall answers', async () => {
    const fwd = await ok<{ nodes: Node[] }>(await call(qe, 'GET', '/api/trace/forward?id=ADD-1'));
    const node = (id: string) => fwd.nodes.find((n) => n.id === id)!;
    for (const o of ADD_RECALL_HELD)
      expect(node(o.id), o.id).toMatchObject({
        held: true,
        state: 'on_hold',
        holdBy: qeActor,
        holdReason: REASON,
        holdCase: 'RC-7',
      });
    // The disposition stays as it was: a hold is an overlay.
    expect(node(lot('BREAD-1'))['status']).toBe('non_conformant');
    expect(node(lot('ADD-1'))['status']).toBe('conformant');
    expect(node(lot('DOUGH-1'))).toMatchObject({ held: false, state: 'consumed' });
    expect(node(lot('DOUGH-2'))).toMatchObject({ held: false, state: 'consumed' });
    for (const c of ['CASE-1', 'CASE-2', 'PAL-1'])
      expect(node(container(c)), c).toMatchObject({ held: false, state: 'shipped' });
    expect(node(container('PAL-1'))['holdSince']).toBeUndefined();

    // Backward from BREAD-1: received flour never inspected is in quarantine.
    const back = await ok<{ nodes: Node[] }>(await call(qe, 'GET', `/api/trace/backward?id=BREAD-1`));
    const b = (id: string) => back.nodes.find((n) => n.id === id)!;
    expect(b(lot('BREAD-1'))).toMatchObject({ held: true, state: 'on_hold' });
    expect(b(lot('FLOUR-1'))).toMatchObject({ held: false, state: 'quarantine' });
    expect(b(lot('YEAST-1'))).toMatchObject({ held: false, state: 'quarantine' });

    const scope = await ok<{
      lots: Node[];
      containers: Node[];
    }>(await call(qe, 'GET', '/api/recall?id=ADD-1'));
    const row = (id: string) => [...scope.lots, ...scope.containers].find((r) => r.id === id)!;
    for (const o of ADD_RECALL_HELD)
      expect(row(o.id), o.id).toMatchObject({ held: true, state: 'on_hold', holdReason: REASON });
    expect(row(lot('DOUGH-1'))).toMatchObject({ held: false, state: 'consumed' });
    expect(row(container('CASE-1'))).toMatchObject({ held: false, state: 'shipped' });
  });

  it("shows a supplier's user that its own lot is held and since when, not who held it or why", async () => {
    const back = await ok<{ nodes: Node[] }>(await call(supplier, 'GET', '/api/trace/backward?id=ADD-1'));
    const add = back.nodes.find((n) => n.id === lot('ADD-1'))!;
    expect(add).toMatchObject({ held: true, state: 'on_hold' });
    expect(typeof add['holdSince']).toBe('string');
    expect(Object.keys(add).filter((k) => ['holdBy', 'holdReason', 'holdCase'].includes(k))).toEqual([]);
    const detail = await ok<{ hold: Record<string, unknown>; item: Record<string, unknown> }>(
      await call(supplier, 'GET', `/api/objects/detail?id=${encodeURIComponent(lot('ADD-1'))}`),
    );
    expect(detail.hold).toMatchObject({ by: null, reason: null, caseId: null });
    expect(detail.item['holdReason']).toBeUndefined();
  });

  it('refuses a captured document that releases a hold from a caller without hold:write', async () => {
    const operator = await tokenFor(srv.base, 'operator');
    const release = holdEvent(
      'release',
      { items: [{ id: lot('ADD-1'), kind: 'lot', code: 'ADD-1' }], reason: 'sneaky', actor: 'user:op' },
      'urn:uuid:00000000-0000-4000-8000-00000000a0d1',
      at(900),
    );
    const seqBefore = await lastSeq(t.stores.duck);
    const res = await call(operator, 'POST', '/api/events', doc([release]));
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { problems: { pointer: string; field: string }[] } };
    expect(body.error.problems).toEqual([
      expect.objectContaining({ field: 'lg:hold', pointer: expect.stringMatching(/\/lg:hold$/) }),
    ]);
    expect(await lastSeq(t.stores.duck)).toBe(seqBefore);
    const fwd = await ok<{ nodes: Node[] }>(await call(qe, 'GET', '/api/trace/forward?id=ADD-1'));
    expect(fwd.nodes.find((n) => n.id === lot('ADD-1'))).toMatchObject({ held: true });
  });

  it('holds units and their tray, not what shipped or went into assemblies', async () => {
    const a = await ok<HoldAnswer>(
      await call(TEST_ADMIN_TOKEN, 'POST', '/api/holds', { recall: lot('CAP-1'), reason: 'Capacitor drift' }),
    );
    expect(sorted(a.held.map((o) => JSON.stringify(o)))).toEqual(
      sorted(CAP_RECALL_HELD.map((o) => JSON.stringify(o))),
    );
    const scope = await ok<{ units: Node[] }>(await call(qe, 'GET', `/api/recall?id=${lot('CAP-1')}`));
    const states = Object.fromEntries(scope.units.map((u) => [u.id, u.state]));
    // B2 failed its FCT (non_conformant) and nothing set another disposition: rejected wins
    // over consumed, as the state rule says.
    expect(states).toEqual({
      [unit('B1')]: 'consumed',
      [unit('B2')]: 'rejected',
      [unit('B3')]: 'consumed',
      [unit('B3R')]: 'consumed',
      [unit('ECU-1')]: 'shipped',
      [unit('ECU-2')]: 'shipped',
      [unit('ECU-4')]: 'on_hold',
    });
  });

  it('reports a second hold-all as already held and writes nothing', async () => {
    const seqBefore = await lastSeq(t.stores.duck);
    const auditBefore = await auditCount();
    const a = await ok<HoldAnswer>(await call(qe, 'POST', '/api/holds', { recall: 'ADD-1', reason: REASON }));
    expect(a).toEqual({ held: [], alreadyHeld: expect.any(Array), eventId: null });
    expect(ids(a.alreadyHeld)).toEqual(ids(ADD_RECALL_HELD));
    expect(await lastSeq(t.stores.duck)).toBe(seqBefore);
    expect(await auditCount()).toBe(auditBefore);
  });

  it('refuses a release without a reason, naming the field', async () => {
    for (const body of [{ items: [lot('BREAD-2')] }, { items: [lot('BREAD-2')], reason: ' ' }]) {
      const res = await call(qe, 'POST', '/api/holds/release', body);
      expect(res.status).toBe(400);
      const err = (await res.json()) as { error: { problems: { field: string }[] } };
      expect(err.error.problems.map((p) => p.field)).toEqual(['reason']);
    }
    const missing = await call(qe, 'POST', '/api/holds/release', { reason: 'x' });
    expect(missing.status).toBe(400);
  });

  it('releases held objects with a reason, audited, and leaves the rest on hold', async () => {
    const why = 'Lab retest of the additive passed for these';
    const r = await ok<{ released: Obj[]; notHeld: Obj[]; eventId: string | null }>(
      await call(qe, 'POST', '/api/holds/release', {
        items: ['BREAD-2', container('CASE-3'), 'FLOUR-1'],
        reason: why,
      }),
    );
    expect(r.released).toEqual([
      obj(lot('BREAD-2'), 'lot', 'BREAD-2'),
      obj(container('CASE-3'), 'container', 'CASE-3'),
    ]);
    expect(r.notHeld).toEqual([obj(lot('FLOUR-1'), 'lot', 'FLOUR-1')]);
    expect(r.eventId).toMatch(/^urn:uuid:/);
    const [entry, ...more] = await holdsAudit('stock.release');
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ actor: qeActor, reason: why });
    expect(ids(entry!.after.items)).toEqual(sorted([lot('BREAD-2'), container('CASE-3')]));

    const { holds } = await ok<{ holds: Obj[] }>(await call(qe, 'GET', '/api/holds'));
    const stillHeld = [lot('ADD-1'), lot('BREAD-1'), ...ids(CAP_RECALL_HELD)];
    expect(ids(holds)).toEqual(sorted(stillHeld));
    const fwd = await ok<{ nodes: Node[] }>(await call(qe, 'GET', '/api/trace/forward?id=BREAD-2'));
    const bread2 = fwd.nodes.find((n) => n.id === lot('BREAD-2'))!;
    expect(bread2).toMatchObject({ held: false, state: 'active' });
    expect(bread2['holdReason']).toBeUndefined();
  });

  it('keeps holds and releases through a rebuild of the projections', async () => {
    const before = await ok<{ holds: unknown[] }>(await call(qe, 'GET', '/api/holds'));
    const scopeBefore = await ok(await call(qe, 'GET', '/api/recall?id=ADD-1'));
    await rebuild(t.stores, t.projector, { actor: 'test' });
    expect(await ok(await call(qe, 'GET', '/api/holds'))).toEqual(before);
    expect(await ok(await call(qe, 'GET', '/api/recall?id=ADD-1'))).toEqual(scopeBefore);
    expect(before.holds).toHaveLength(5);
  });
  it('narrows a hold-all with evidence: only what descends from one dough lot', async () => {
    // DOUGH-2 went into BAKE-1 (BREAD-1) and BAKE-2 (BREAD-2); ADD-1 does not descend from it.
    // BREAD-1 is still held; BREAD-2 and CASE-3 were released above, so they are held again.
    const criteria = { inputLot: 'DOUGH-2' };
    const a = await ok<HoldAnswer>(
      await call(qe, 'POST', '/api/holds', { recall: 'ADD-1', criteria, reason: 'Dough 2 only' }),
    );
    expect(a.held).toEqual([
      obj(lot('BREAD-2'), 'lot', 'BREAD-2'),
      obj(container('CASE-3'), 'container', 'CASE-3'),
    ]);
    expect(a.alreadyHeld).toEqual([obj(lot('BREAD-1'), 'lot', 'BREAD-1')]);
    const entries = await holdsAudit('stock.hold');
    expect(entries.at(-1)).toMatchObject({ reason: 'Dough 2 only', after: { eventId: a.eventId, criteria } });
    const bad = await call(qe, 'POST', '/api/holds', { items: ['BREAD-2'], criteria, reason: 'x' });
    expect(bad.status).toBe(400);
  });
});
