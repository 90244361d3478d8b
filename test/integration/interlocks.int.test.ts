// Material status and interlocks against the real Neo4j and a real DuckDB file: a hand-built
// plant (below) with one lot per refusal reason, lots that FIFO and FEFO must compare, and a
// small genealogy to extend a hold down. Expected answers are worked out by hand from the events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdEvent } from '../../etl/holds.ts';
import { ingestDocument, rebuild } from '../../etl/ingest.ts';
import {
  at,
  container,
  doc,
  lot,
  material,
  pack,
  party,
  ship,
  transform,
} from '../builders/epcis.builder.ts';
import { decide, issue, receiveLot, scrap } from '../builders/quality.builder.ts';
import { TEST_ADMIN_TOKEN, bearer, tokenFor } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

let t: TestStores;
let srv: TestServer;
let operator: string;
let qe: string;
let procurement: string;

// Every check is asked for this moment.
const AT = '2025-03-10T12:00:00.000Z';
const MILL = party('MILL');
const FLOUR = material('FLOUR');
const SUGAR = material('SUGAR');
const YEAST = material('YEAST');
const ADD = material('ADDITIVE');
const OIL = material('OIL');
const GS1_LOT = 'https://id.gs1.org/01/09521141012345/10/GS-7';

const kg = (code: string, qty: number, mat: string, t: number, expiry?: string) =>
  receiveLot({
    lot: lot(code),
    qty,
    uom: 'KGM',
    supplier: MILL,
    material: mat,
    t,
    ...(expiry ? { expiry } : {}),
  });
const release = (code: string, t: number) => decide({ lot: lot(code), t, action: 'release' });
const heldBy = (code: string, h: number, reason: string) =>
  holdEvent(
    'hold',
    { items: [{ id: lot(code), kind: 'lot', code }], reason, actor: 'user:quality-1' },
    `urn:uuid:00000000-0000-4000-8000-00000000000${h}`,
    at(h),
  );

function plant() {
  return doc([
    // Flour: one lot per refusal reason, and two that may be issued.
    kg('FL-DEV', 25, FLOUR, 1),
    decide({
      lot: lot('FL-DEV'),
      t: 2,
      action: 'conditional_release',
      reason: 'Moisture 14.6 % (limit 14.5 %)',
      until: '2025-03-31',
    }),
    kg('FL-OK', 25, FLOUR, 3),
    release('FL-OK', 4),
    kg('FL-Q', 25, FLOUR, 5),
    kg('FL-REJ', 25, FLOUR, 6),
    decide({ lot: lot('FL-REJ'), t: 7, action: 'reject', reason: 'Foreign matter' }),
    kg('FL-HOLD', 25, FLOUR, 8),
    release('FL-HOLD', 9),
    heldBy('FL-HOLD', 1, 'Mycotoxin retest pending'),
    kg('FL-EXP', 25, FLOUR, 11, '2025-03-05'),
    release('FL-EXP', 12),
    kg('FL-DEVX', 25, FLOUR, 13),
    decide({
      lot: lot('FL-DEVX'),
      t: 14,
      action: 'conditional_release',
      reason: 'Ash 0.62 %',
      until: '2025-03-08',
    }),
    kg('FL-USED', 10, FLOUR, 15),
    release('FL-USED', 16),
    transform({
      op: 'MIX-U',
      t: 17,
      step: 'mixing',
      inLots: [[lot('FL-USED'), 10, 'KGM']],
      outLots: [[lot('DOUGH-U'), 10, 'KGM']],
    }),
    kg('FL-SHIP', 5, FLOUR, 18),
    release('FL-SHIP', 19),
    ship({ shipment: 'S-FL', customer: party('CUST'), t: 20, lots: [[lot('FL-SHIP'), 5, 'KGM']] }),
    kg('FL-SCRAP', 5, FLOUR, 21),
    release('FL-SCRAP', 22),
    scrap({ lot: lot('FL-SCRAP'), t: 23 }),
    // Sugar, no expiry dates: first in, first out.
    kg('SU-0', 50, SUGAR, 30),
    kg('SU-H', 50, SUGAR, 31),
    release('SU-H', 32),
    heldBy('SU-H', 2, 'Label mix-up'),
    kg('SU-1', 50, SUGAR, 33),
    release('SU-1', 34),
    kg('SU-2', 50, SUGAR, 35),
    release('SU-2', 36),
    kg('SU-3', 50, SUGAR, 37),
    release('SU-3', 38),
    // Yeast, with expiry dates: first expiry, first out.
    kg('YE-1', 5, YEAST, 40, '2025-04-20'),
    release('YE-1', 41),
    kg('YE-2', 5, YEAST, 42, '2025-04-10'),
    release('YE-2', 43),
    kg('YE-3', 5, YEAST, 44, '2025-04-01'),
    decide({ lot: lot('YE-3'), t: 45, action: 'reject' }),
    kg('YE-4', 5, YEAST, 46, '2025-03-05'),
    release('YE-4', 47),
    kg('YE-5', 5, YEAST, 48, '2025-04-15'),
    decide({
      lot: lot('YE-5'),
      t: 48.5,
      action: 'conditional_release',
      reason: 'CoA late',
      until: '2025-03-31',
    }),
    kg('YE-6', 5, YEAST, 49, '2025-04-12'),
    // A GS1 lot, found by its Digital Link and by its lot number.
    receiveLot({ lot: GS1_LOT, qty: 100, uom: 'LTR', supplier: MILL, material: OIL, t: 50 }),
    decide({ lot: GS1_LOT, t: 51, action: 'release' }),
  ]);
}

// A genealogy for "extend the hold to everything made from it":
// - ADD-X: 10 kg received, 1 kg into MIX-A and 1 kg into MIX-B -> 8 kg left: held.
// - FL-X (flour in MIX-A) is upstream, not made from ADD-X: not held.
// - DOUGH-A: 100 made, all 100 baked into BREAD-A and BREAD-S: used up, not held.
// - BREAD-A: 60 made, 30 shipped, 20 of them in CASE-A (still here) -> 30 left: held (already held
//   before the extension: reported, not held again). CASE-A holds BREAD-A now: held.
// - BREAD-S: 40 made, 40 shipped: gone, not held.
// - DOUGH-B: 50 made from MIX-B, nothing used: held.
function genealogy() {
  return doc([
    kg('ADD-X', 10, ADD, 100),
    release('ADD-X', 101),
    kg('FL-X', 100, FLOUR, 100.5),
    release('FL-X', 101.5),
    transform({
      op: 'MIX-A',
      t: 102,
      step: 'mixing',
      inLots: [
        [lot('ADD-X'), 1, 'KGM'],
        [lot('FL-X'), 99, 'KGM'],
      ],
      outLots: [[lot('DOUGH-A'), 100, 'KGM']],
    }),
    transform({
      op: 'BAKE-A',
      t: 103,
      step: 'baking',
      inLots: [[lot('DOUGH-A'), 100, 'KGM']],
      outLots: [
        [lot('BREAD-A'), 60, 'PCS'],
        [lot('BREAD-S'), 40, 'PCS'],
      ],
    }),
    transform({
      op: 'MIX-B',
      t: 104,
      step: 'mixing',
      inLots: [[lot('ADD-X'), 1, 'KGM']],
      outLots: [[lot('DOUGH-B'), 50, 'KGM']],
    }),
    pack({ parent: container('CASE-A'), t: 105, lots: [[lot('BREAD-A'), 20, 'PCS']] }),
    ship({
      shipment: 'S-1',
      customer: party('CUST'),
      t: 106,
      lots: [
        [lot('BREAD-A'), 30, 'PCS'],
        [lot('BREAD-S'), 40, 'PCS'],
      ],
    }),
  ]);
}

beforeAll(async () => {
  t = await openTestStores();
  await ingestDocument(t.stores, t.projector, plant(), { source: 'test' });
  srv = await startTestServer(t);
  operator = await tokenFor(srv.base, 'operator');
  qe = await tokenFor(srv.base, 'quality_engineer');
  procurement = await tokenFor(srv.base, 'procurement');
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

interface Reason {
  code: string;
  message: string;
  lot: string;
  better?: { id: string; code: string; receivedAt: string | null; expiry: string | null }[];
}
interface IssueCheck {
  lot: { id: string; code: string; material: string | null; state: string; expiry: string | null } | null;
  refusals: Reason[];
  warnings: Reason[];
}
interface StockLot {
  id: string;
  code: string;
  state: string;
  remaining: number;
  location: string | null;
  quarantineDays: number | null;
  expiry: string | null;
  expired: boolean;
  expiresInDays: number | null;
  deviationReason: string | null;
  deviationUntil: string | null;
  deviationExpired: boolean;
  hold: { reason: string | null } | null;
}
interface StockAnswer {
  asOf: string;
  lots: StockLot[];
  counts: Record<string, number>;
  materials: { id: string; lots: number }[];
}

const check = (lotId: string, token = operator) =>
  call(token, 'POST', '/api/interlocks/issue-check', { lot: lotId, workOrder: 'WO-1', at: AT }).then((r) =>
    ok<IssueCheck>(r),
  );
const stock = (query: string) =>
  call(qe, 'GET', `/api/stock?at=${AT}${query}`).then((r) => ok<StockAnswer>(r));
const codes = (xs: { code: string }[]) => xs.map((x) => x.code);

describe('issue check refusals', () => {
  it.each([
    ['FL-Q', 'QUARANTINE', 'quarantine'],
    ['FL-REJ', 'REJECTED', 'rejected'],
    ['FL-HOLD', 'ON_HOLD', 'on_hold'],
    ['FL-EXP', 'EXPIRED', 'released'],
    ['FL-DEVX', 'DEVIATION_EXPIRED', 'deviation_expired'],
    ['FL-USED', 'USED_UP', 'consumed'],
    ['FL-SHIP', 'USED_UP', 'shipped'],
    ['FL-SCRAP', 'USED_UP', 'destroyed'],
    ['YE-4', 'EXPIRED', 'released'],
  ])('refuses %s: %s (state %s), with no warnings', async (code, reason, state) => {
    const r = await check(code);
    expect(r.lot).toMatchObject({ id: lot(code), code, state });
    expect(r.refusals.map((x) => [x.code, x.lot])).toEqual([[reason, lot(code)]]);
    expect(r.refusals[0]!.message).toContain(`Lot ${code}`);
    expect(r.warnings).toEqual([]);
  });

  it('says what to do, in words an operator understands', async () => {
    expect((await check('FL-Q')).refusals[0]!.message).toBe(
      'Lot FL-Q is in quarantine: incoming inspection has not released it yet. Use another lot or ask quality.',
    );
    expect((await check('FL-HOLD')).refusals[0]!.message).toBe(
      'Lot FL-HOLD is on hold (Mycotoxin retest pending): it must not be used until quality releases it. Use another lot.',
    );
    expect((await check('FL-EXP')).refusals[0]!.message).toBe(
      'Lot FL-EXP expired on 2025-03-05: it must not be used. Use another lot and tell the warehouse.',
    );
    expect((await check('FL-DEVX')).refusals[0]!.message).toBe(
      'Lot FL-DEVX was released only under a deviation (Ash 0.62 %) that ran out on 2025-03-08. Use another lot or ask quality to extend the deviation.',
    );
  });

  it('refuses an unknown lot', async () => {
    const r = await check('NOPE-9');
    expect(r.lot).toBeNull();
    expect(r.refusals.map((x) => [x.code, x.lot])).toEqual([['UNKNOWN_LOT', 'NOPE-9']]);
    expect(r.refusals[0]!.message).toContain('No lot is known as "NOPE-9"');
  });

  it('gives every reason that applies: a held lot still in quarantine', async () => {
    // FL-Q2 is received, never inspected, and held: both reasons.
    await ingestDocument(
      t.stores,
      t.projector,
      doc([kg('FL-Q2', 5, FLOUR, 60), heldBy('FL-Q2', 3, 'Spot check')]),
      { source: 'test' },
    );
    const r = await check('FL-Q2');
    expect(r.refusals.map((x) => x.code)).toEqual(['QUARANTINE', 'ON_HOLD']);
    expect(r.lot?.state).toBe('on_hold');
  });

  it('refuses a deviation only after its until day (UTC)', async () => {
    const on = async (when: string) =>
      ok<IssueCheck>(
        await call(operator, 'POST', '/api/interlocks/issue-check', { lot: 'FL-DEVX', at: when }),
      );
    expect((await on('2025-03-08T23:59:59Z')).refusals).toEqual([]);
    expect((await on('2025-03-09T00:00:00Z')).refusals.map((x) => x.code)).toEqual(['DEVIATION_EXPIRED']);
  });
});

describe('issue check allows', () => {
  it('a conditionally released lot within its deviation, by code and by its URI', async () => {
    for (const id of ['FL-DEV', lot('FL-DEV')]) {
      const r = await check(id);
      expect(r.lot).toEqual({
        id: lot('FL-DEV'),
        code: 'FL-DEV',
        material: FLOUR,
        state: 'conditional',
        expiry: null,
      });
      expect(r.refusals).toEqual([]);
      // FL-DEV is the oldest usable flour: nothing to warn about.
      expect(r.warnings).toEqual([]);
    }
  });

  it('a released lot', async () => {
    const r = await check('FL-OK');
    expect(r.lot?.state).toBe('released');
    expect(r.refusals).toEqual([]);
  });

  it('a GS1 lot by its Digital Link and by its lot number', async () => {
    for (const id of [GS1_LOT, 'GS-7']) {
      const r = await check(id);
      expect(r.lot).toMatchObject({ id: GS1_LOT, code: 'GS-7', state: 'released' });
      expect(r.refusals).toEqual([]);
      expect(r.warnings).toEqual([]);
    }
  });

  it('needs events:capture', async () => {
    expect((await call(procurement, 'POST', '/api/interlocks/issue-check', { lot: 'FL-OK' })).status).toBe(
      403,
    );
    const bad = await call(operator, 'POST', '/api/interlocks/issue-check', { lot: ' ' });
    expect(bad.status).toBe(400);
    expect(
      ((await bad.json()) as { error: { problems: { field: string }[] } }).error.problems.map((p) => p.field),
    ).toEqual(['lot']);
  });
});

describe('issue check warnings', () => {
  it('FIFO names exactly the older usable lots of the material, oldest first', async () => {
    // SU-0 is older but in quarantine, SU-H older but on hold: neither is better.
    const r = await check('SU-3');
    expect(r.refusals).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toEqual(['FIFO']);
    expect(r.warnings[0]!.better).toEqual([
      { id: lot('SU-1'), code: 'SU-1', receivedAt: at(33), expiry: null },
      { id: lot('SU-2'), code: 'SU-2', receivedAt: at(35), expiry: null },
    ]);
    expect(r.warnings[0]!.message).toBe(
      'Lot SU-3 is not the oldest in stock: lots SU-1 and SU-2 of the same material came in earlier (first in, first out). Use SU-1 first, or give a reason to use this lot.',
    );
    expect((await check('SU-1')).warnings).toEqual([]);
    // FL-OK came in after FL-DEV, which is usable within its deviation.
    expect((await check('FL-OK')).warnings.flatMap((w) => w.better?.map((b) => b.code))).toEqual(['FL-DEV']);
  });

  it('FEFO names exactly the usable lots that expire sooner, soonest first', async () => {
    // YE-3 (rejected), YE-4 (expired) and YE-6 (quarantine) expire sooner but may not be used;
    // YE-5 is within its deviation and counts.
    const r = await check('YE-1');
    expect(r.refusals).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toEqual(['FEFO']);
    expect(r.warnings[0]!.better).toEqual([
      { id: lot('YE-2'), code: 'YE-2', receivedAt: at(42), expiry: '2025-04-10' },
      { id: lot('YE-5'), code: 'YE-5', receivedAt: at(48), expiry: '2025-04-15' },
    ]);
    expect(r.warnings[0]!.message).toContain('Use YE-2 first');
    expect((await check('YE-2')).warnings).toEqual([]);
  });
});

describe('stock list', () => {
  it('lists the lots in the plant by state, with quarantine age, deviation and expiry', async () => {
    const q = await stock('&state=quarantine&material=' + encodeURIComponent(FLOUR));
    // FL-Q2 waits in quarantine too, but its hold comes first: it shows as on hold.
    expect(q.lots.map((l) => [l.code, l.quarantineDays])).toEqual([
      ['FL-Q', 9], // received 2025-03-01T11:00Z, asked 2025-03-10T12:00Z
    ]);
    const all = await stock('');
    const view = (v: string) =>
      all.lots
        .filter((l) => l.state === v)
        .map((l) => l.code)
        .sort();
    expect(view('quarantine')).toEqual(['FL-Q', 'SU-0', 'YE-6']);
    expect(view('conditional')).toEqual(['FL-DEV', 'YE-5']);
    expect(view('deviation_expired')).toEqual(['FL-DEVX']);
    expect(view('on_hold')).toEqual(['FL-HOLD', 'FL-Q2', 'SU-H']);
    expect(view('rejected')).toEqual(['FL-REJ', 'YE-3']);
    // Gone: used up, shipped, scrapped.
    expect(codes(all.lots)).not.toContain('FL-USED');
    expect(codes(all.lots)).not.toContain('FL-SHIP');
    expect(codes(all.lots)).not.toContain('FL-SCRAP');
    const dev = all.lots.find((l) => l.code === 'FL-DEV')!;
    expect(dev).toMatchObject({
      deviationReason: 'Moisture 14.6 % (limit 14.5 %)',
      deviationUntil: '2025-03-31',
      deviationExpired: false,
    });
    expect(all.lots.find((l) => l.code === 'FL-DEVX')).toMatchObject({ deviationExpired: true });
    expect(all.lots.find((l) => l.code === 'SU-H')!.hold?.reason).toBe('Label mix-up');

    expect(codes((await stock('&state=expired')).lots).sort()).toEqual(['FL-EXP', 'YE-4']);
    // Expiring within 30 days of 2025-03-10 (through 2025-04-09), not yet expired: YE-3 (04-01).
    expect(codes((await stock('&state=expiring')).lots)).toEqual(['YE-3']);
    expect(codes((await stock('&state=expiring&days=35')).lots).sort()).toEqual(['YE-2', 'YE-3', 'YE-6']);
    expect(all.counts).toMatchObject({
      quarantine: 3,
      conditional: 2,
      deviation_expired: 1,
      on_hold: 3,
      rejected: 2,
      expired: 2,
      expiring: 1,
    });
  });

  it('refuses a bad filter, and needs recall:read', async () => {
    const bad = await call(qe, 'GET', '/api/stock?state=lost');
    expect(bad.status).toBe(400);
    expect(
      ((await bad.json()) as { error: { problems: { field: string }[] } }).error.problems.map((p) => p.field),
    ).toEqual(['state']);
    expect((await call(operator, 'GET', '/api/stock')).status).toBe(403);
  });
});

describe('projection', () => {
  it('projects a material issue harmlessly: its location, no change of state or quantity', async () => {
    await ingestDocument(
      t.stores,
      t.projector,
      doc([
        issue({
          lot: lot('FL-OK'),
          qty: 2,
          uom: 'KGM',
          workOrder: 'WO-1',
          t: 70,
          line: 'urn:lotgraph:loc:LINE-1',
        }),
      ]),
      { source: 'test' },
    );
    const fl = (await stock('')).lots.find((l) => l.code === 'FL-OK')!;
    expect(fl).toMatchObject({ state: 'released', remaining: 25, location: 'urn:lotgraph:loc:LINE-1' });
  });

  it('keeps the latest decision of a batch, whatever the order, and the same after a rebuild', async () => {
    // In one document: LW-1's later decision is conditional, LW-2's later one a release.
    await ingestDocument(
      t.stores,
      t.projector,
      doc([
        kg('LW-1', 5, OIL, 80),
        kg('LW-2', 5, OIL, 80),
        decide({
          lot: lot('LW-1'),
          t: 82,
          action: 'conditional_release',
          reason: 'Colour',
          until: '2025-04-30',
        }),
        decide({ lot: lot('LW-1'), t: 81, action: 'release' }),
        decide({ lot: lot('LW-2'), t: 82, action: 'release' }),
        decide({
          lot: lot('LW-2'),
          t: 81,
          action: 'conditional_release',
          reason: 'Colour',
          until: '2025-04-30',
        }),
        // A later plain incoming inspection that passes ends a deviation.
        kg('LW-3', 5, OIL, 80),
        decide({
          lot: lot('LW-3'),
          t: 81,
          action: 'conditional_release',
          reason: 'Colour',
          until: '2025-04-30',
        }),
        {
          type: 'ObjectEvent',
          eventTime: at(83),
          eventTimeZoneOffset: '+00:00',
          action: 'OBSERVE',
          bizStep: 'inspecting',
          disposition: 'conformant',
          quantityList: [{ epcClass: lot('LW-3') }],
        },
      ]),
      { source: 'test' },
    );
    const states = (s: StockAnswer) =>
      Object.fromEntries(s.lots.map((l) => [l.code, [l.state, l.deviationUntil]]));
    const before = await stock('');
    expect(states(before)).toMatchObject({
      'LW-1': ['conditional', '2025-04-30'],
      'LW-2': ['released', null],
      'LW-3': ['released', null],
    });
    await rebuild(t.stores, t.projector, { actor: 'test' });
    expect(await stock('')).toEqual(before);
  });
});

describe('extend a hold to everything made from it', () => {
  it('holds exactly the object and what was made from it that is still in the plant, in one event', async () => {
    await ingestDocument(t.stores, t.projector, genealogy(), { source: 'test' });
    // BREAD-A is held already.
    await ok(await call(qe, 'POST', '/api/holds', { items: ['BREAD-A'], reason: 'Crust colour' }));
    const auditBefore = (
      await ok<{ entries: unknown[] }>(await call(TEST_ADMIN_TOKEN, 'GET', '/api/audit?action=stock.hold'))
    ).entries.length;

    expect((await call(procurement, 'POST', '/api/holds/extend', { id: 'ADD-X', reason: 'x' })).status).toBe(
      403,
    );
    const missing = await call(qe, 'POST', '/api/holds/extend', { id: 'ADD-X' });
    expect(missing.status).toBe(400);
    expect(
      ((await missing.json()) as { error: { problems: { field: string }[] } }).error.problems.map(
        (p) => p.field,
      ),
    ).toEqual(['reason']);
    const unknown = await call(qe, 'POST', '/api/holds/extend', { id: 'NOPE-9', reason: 'x' });
    expect(unknown.status).toBe(404);
    expect(
      ((await unknown.json()) as { error: { problems: { field: string }[] } }).error.problems.map(
        (p) => p.field,
      ),
    ).toEqual(['id']);

    const r = await ok<{ held: { id: string }[]; alreadyHeld: { id: string }[]; eventId: string }>(
      await call(qe, 'POST', '/api/holds/extend', { id: 'ADD-X', reason: 'Additive supplier notice' }),
    );
    expect(r.held.map((o) => o.id)).toEqual([lot('ADD-X'), lot('DOUGH-B'), container('CASE-A')]);
    expect(r.alreadyHeld.map((o) => o.id)).toEqual([lot('BREAD-A')]);
    const audit = (
      await ok<{
        entries: { subject: string; reason: string; after: { eventId: string; extendedFrom: string } }[];
      }>(await call(TEST_ADMIN_TOKEN, 'GET', '/api/audit?action=stock.hold'))
    ).entries;
    expect(audit.length).toBe(auditBefore + 1);
    const entry = audit.find((e) => e.after.eventId === r.eventId)!;
    expect(entry).toMatchObject({
      subject: lot('ADD-X'),
      reason: 'Additive supplier notice',
      after: { extendedFrom: 'ADD-X' },
    });

    // The stock list shows them on hold beside the lots held before; FL-X, DOUGH-A, BREAD-S are not.
    const held = (await stock('&state=on_hold')).lots.map((l) => l.code).sort();
    expect(held).toEqual(['ADD-X', 'BREAD-A', 'DOUGH-B', 'FL-HOLD', 'FL-Q2', 'SU-H']);
  });
});
