// Quality notices through the HTTP API against the real stores, on the small plant of
// test/builders/notices.builder.ts: raising from bad lot CAP-N1 drafts one notice per affected
// customer naming exactly its shipments, objects and quantities (worked out here from the plant's
// declarations) and one to its supplier; sending opens the supplier's 8D case and issues each
// customer a single-use link (only its digest stored) that works signed out, once, and not after
// it expired; suppliers see only their own sent notices; an answer recorded on a customer's
// behalf, closing, escalation of an overdue notice (in the app and by e-mail), the audit entries,
// the EPCIS 2.0 export restricted to what a notice names, the CSV list, and the link's rate limit.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../analytics/audit.store.ts';
import { noticeLinkByHash } from '../../analytics/notices.store.ts';
import { digest } from '../../api/auth/secrets.ts';
import { smtpMailer } from '../../api/mailer.ts';
import {
  acknowledgeByToken,
  escalateOverdueNotices,
  noticeByToken,
  type CustomerContent,
  type IssuedLink,
  type Notice,
  type RaiseAnswer,
  type SendAnswer,
} from '../../api/services/notice.service.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import {
  CAP,
  CUSTOMERS,
  KIT,
  MATERIALS,
  SHIPMENTS,
  SUPPLIER_A,
  SUPPLIER_B,
  expectedNotices,
  noticesPlant,
  shipmentId,
  type ExpectedNotice,
} from '../builders/notices.builder.ts';
import { TEST_ADMIN_TOKEN, actorFor, bearer, createUser, tokenFor } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TITLE = 'Cracked capacitors in CAP-N1';
const REASON = 'Incoming inspection found cracked capacitors; quarantine the objects listed.';

let t: TestStores;
let srv: TestServer;
let qe: string;
let qeActor: string;
let supA: string;
let supAActor: string;
let supB: string;
let procurement: string;
let smtp: SMTPServer;
let smtpPort: number;
const mails: { to: string[]; body: string }[] = [];

beforeAll(async () => {
  t = await openTestStores();
  await ingestDocument(t.stores, t.projector, noticesPlant(), { source: 'test' });
  srv = await startTestServer(t);
  // quality's user name is an address, so an escalation reaches it by e-mail too
  const user = await createUser(srv.base, {
    username: 'quality@plant.example',
    password: 'pw-quality-notices-secret',
    role: 'quality_engineer',
  });
  const tok = await fetch(`${srv.base}/api/users/${user.id}/tokens`, {
    method: 'POST',
    headers: { ...bearer(TEST_ADMIN_TOKEN), 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'test' }),
  });
  qe = ((await tok.json()) as { secret: string }).secret;
  qeActor = await actorFor(srv.base, qe);
  supA = await tokenFor(srv.base, 'supplier', { supplierId: SUPPLIER_A.id });
  supAActor = await actorFor(srv.base, supA);
  supB = await tokenFor(srv.base, 'supplier', { supplierId: SUPPLIER_B.id });
  procurement = await tokenFor(srv.base, 'procurement');
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let body = '';
      stream.on('data', (c: Buffer) => (body += c.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address).sort(), body });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  smtpPort = (smtp.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  await srv?.close();
  await t?.close();
});

async function call(token: string | null, method: 'GET' | 'POST', path: string, body?: unknown) {
  return fetch(`${srv.base}${path}`, {
    method,
    headers: {
      ...(token ? bearer(token) : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
async function json<T>(res: Response, status = 200): Promise<T> {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
async function problems(res: Response, status = 400) {
  const body = await json<{ error: { code: string; problems?: { pointer?: string }[] } }>(res, status);
  return (body.error.problems ?? []).map((p) => p.pointer);
}

/** A notice's content as the expectation states it: ids with their shipments, quantities per shipment. */
function shapeOf(c: CustomerContent): Omit<ExpectedNotice, 'customer'> & { customer: string } {
  const byId = (xs: { id: string; shipments: string[] }[]) =>
    Object.fromEntries(xs.map((x) => [x.id, [...x.shipments].sort()]));
  return {
    customer: c.customer.id,
    shipments: c.shipments.map((s) => s.id).sort(),
    lots: byId(c.lots),
    units: byId(c.units),
    containers: byId(c.containers),
    quantities: Object.fromEntries(
      c.shipments.map((s) => [
        s.id,
        Object.fromEntries(s.quantities.map((q) => [`${q.material}|${q.uom}`, q.qty])),
      ]),
    ),
  };
}
const sorted = (e: ExpectedNotice) => ({
  ...e,
  shipments: [...e.shipments].sort(),
  lots: Object.fromEntries(Object.entries(e.lots).map(([k, v]) => [k, [...v].sort()])),
  units: Object.fromEntries(Object.entries(e.units).map(([k, v]) => [k, [...v].sort()])),
  containers: Object.fromEntries(Object.entries(e.containers).map(([k, v]) => [k, [...v].sort()])),
});

/** Every object identifier an EPCIS document's events name, and the shipments they name. */
function namedIn(document: { epcisBody: { eventList: Record<string, unknown>[] } }) {
  const objects = new Set<string>();
  const shipments = new Set<string>();
  for (const e of document.epcisBody.eventList) {
    for (const k of ['epcList', 'childEPCs', 'inputEPCList', 'outputEPCList'])
      for (const x of (e[k] as string[] | undefined) ?? []) objects.add(x);
    if (typeof e['parentID'] === 'string') objects.add(e['parentID']);
    for (const k of ['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList'])
      for (const q of (e[k] as { epcClass: string }[] | undefined) ?? []) objects.add(q.epcClass);
    for (const b of (e['bizTransactionList'] as { bizTransaction: string }[] | undefined) ?? [])
      shipments.add(b.bizTransaction);
  }
  return { objects: [...objects].sort(), shipments: [...shipments].sort() };
}

let raised: RaiseAnswer;
let sent: SendAnswer;
const customerNotice = (customer: string) =>
  sent.notices.find((n) => n.kind === 'customer' && n.party.id === customer)!;
const linkOf = (customer: string): IssuedLink =>
  sent.links.find((l) => l.noticeId === customerNotice(customer).id)!;
const supplierNotice = () => sent.notices.find((n) => n.kind === 'supplier')!;
const [C1, C2, C3, C4] = CUSTOMERS.map((c) => c.id) as [string, string, string, string];

describe('raising notices from a bad lot', () => {
  it('refuses bad input with a 400 naming each field, and an unknown lot by its pointer', async () => {
    expect(
      await problems(await call(qe, 'POST', '/api/notices', { source: { kind: 'lot', lot: 'CAP-N1' } })),
    ).toEqual(['/title', '/reason']);
    expect(
      await problems(
        await call(qe, 'POST', '/api/notices', {
          source: { kind: 'lot', lot: 'NO-SUCH-LOT' },
          title: TITLE,
          reason: REASON,
        }),
      ),
    ).toEqual(['/source/lot']);
    expect(
      await problems(
        await call(qe, 'POST', '/api/notices', {
          source: { kind: 'lot', lot: 'CAP-N1', criteria: { from: 'yesterday' } },
          title: TITLE,
          reason: REASON,
        }),
      ),
    ).toEqual(['/source/criteria/from']);
    expect(
      await problems(
        await call(qe, 'POST', '/api/notices', {
          source: { kind: 'recall', caseId: 'RC-1999-0001' },
          title: TITLE,
          reason: REASON,
        }),
      ),
    ).toEqual(['/source/caseId']);
    // read-only staff and suppliers may not raise
    expect((await call(procurement, 'POST', '/api/notices', {})).status).toBe(403);
    expect((await call(supA, 'POST', '/api/notices', {})).status).toBe(403);
  });

  it('drafts one notice per affected customer naming exactly its shipments, objects and quantities, and one to the supplier', async () => {
    raised = await json<RaiseAnswer>(
      await call(qe, 'POST', '/api/notices', {
        source: { kind: 'lot', lot: 'CAP-N1' },
        title: TITLE,
        reason: REASON,
        dueHours: 24,
      }),
      201,
    );
    const expected = expectedNotices(CAP);
    // C-4 got only a lot made without CAP-N1: no notice; S-B's lot is not the bad one: no notice
    expect(expected.map((e) => e.customer)).toEqual([C1, C2, C3]);
    const customers = raised.notices.filter((n) => n.kind === 'customer');
    expect(customers.map((n) => n.party.id).sort()).toEqual(expected.map((e) => e.customer));
    for (const e of expected)
      expect(shapeOf(customers.find((n) => n.party.id === e.customer)!.content as CustomerContent)).toEqual(
        sorted(e),
      );
    expect(raised.notices.filter((n) => n.kind === 'supplier').map((n) => [n.party.id, n.content])).toEqual([
      [
        SUPPLIER_A.id,
        {
          kind: 'supplier',
          supplier: SUPPLIER_A,
          lot: {
            id: CAP,
            code: 'CAP-N1',
            material: MATERIALS.cap.id,
            materialName: MATERIALS.cap.name,
            supplierLot: null,
            receivedQty: 1000,
            uom: 'H87',
          },
        },
      ],
    ]);
    expect(raised.notices.map((n) => [n.batch, n.status, n.title, n.reason, n.dueHours, n.root.id])).toEqual(
      raised.notices.map(() => [raised.batch, 'draft', TITLE, REASON, 24, CAP]),
    );
    expect(raised.notices.map((n) => n.id).sort()).toEqual(
      [`${raised.batch}-C1`, `${raised.batch}-C2`, `${raised.batch}-C3`, `${raised.batch}-S1`].sort(),
    );
    // no 8D case is open on the lot yet: sending opens one
    expect(raised.notices.find((n) => n.kind === 'supplier')!.openEightD).toBeNull();
  });

  it('keeps drafts from suppliers: not listed, and 404 through every endpoint', async () => {
    expect((await json<{ notices: Notice[] }>(await call(supA, 'GET', '/api/notices'))).notices).toEqual([]);
    const s = raised.notices.find((n) => n.kind === 'supplier')!;
    expect((await call(supA, 'GET', `/api/notices/${s.id}`)).status).toBe(404);
    expect((await call(supA, 'POST', `/api/notices/${s.id}/acknowledge`, { answer: 'x' })).status).toBe(404);
  });
});

describe('sending', () => {
  it('opens the supplier an 8D case, notifies its users and issues each customer a single-use link', async () => {
    sent = await json<SendAnswer>(await call(qe, 'POST', `/api/notice-batches/${raised.batch}/send`, {}));
    expect(sent.notices.map((n) => n.status)).toEqual(sent.notices.map(() => 'sent'));
    const s = supplierNotice();
    expect(s.eightDCase).toMatch(/^8D-\d{4}-0001$/);
    const c = await json<{ supplierId: string; lots: string[]; title: string; sourceKind: string }>(
      await call(qe, 'GET', `/api/8d/${s.eightDCase}`),
    );
    expect([c.supplierId, c.lots, c.title, c.sourceKind]).toEqual([SUPPLIER_A.id, [CAP], TITLE, 'lot']);
    // one link per customer notice, the secret shown this once; the store keeps its digest only
    expect(sent.links.map((l) => l.noticeId).sort()).toEqual(
      [C1, C2, C3].map((x) => customerNotice(x).id).sort(),
    );
    for (const l of sent.links) {
      expect(l.path).toBe(`/ack/${l.token}`);
      expect(await noticeLinkByHash(t.stores.duck, digest(l.token))).toMatchObject({ notice_id: l.noticeId });
      expect(await noticeLinkByHash(t.stores.duck, l.token)).toBeNull();
    }
    for (const n of sent.notices) expect(Date.parse(n.dueAt!) - Date.parse(n.sentAt!)).toBe(24 * HOUR);
    const inbox = await json<{ notifications: { text: string; link: string }[] }>(
      await call(supA, 'GET', '/api/inbox'),
    );
    expect(inbox.notifications.map((x) => x.link).sort()).toEqual([
      `/8d/${s.eightDCase}`,
      `/notices/${s.id}`,
    ]);
    // sent once: nothing is left to send
    expect((await call(qe, 'POST', `/api/notice-batches/${raised.batch}/send`, {})).status).toBe(409);
    expect((await call(qe, 'POST', '/api/notice-batches/QN-1999-0001/send', {})).status).toBe(404);
  });
});

describe("a customer's link", () => {
  it('opens signed out, showing that notice and nothing else', async () => {
    const link = linkOf(C1);
    const view = await json<Record<string, unknown>>(
      await call(null, 'GET', `/api/public/notices/${link.token}`),
    );
    const mine = customerNotice(C1).content as CustomerContent;
    expect(Object.keys(view).sort()).toEqual(
      [
        'containers',
        'customer',
        'dueAt',
        'id',
        'linkExpiresAt',
        'lots',
        'quantities',
        'reason',
        'sentAt',
        'shipments',
        'title',
        'units',
      ].sort(),
    );
    expect(view).toMatchObject({
      id: customerNotice(C1).id,
      title: TITLE,
      reason: REASON,
      customer: { id: C1, name: 'Customer One' },
      shipments: mine.shipments,
      lots: mine.lots,
      units: mine.units,
      containers: mine.containers,
      quantities: mine.quantities,
    });
    // nothing of the supplier's lot, another customer or the plant's users
    const text = JSON.stringify(view);
    for (const other of [CAP, SUPPLIER_A.id, C2, C3, qeActor, shipmentId('SH-2'), shipmentId('SH-4')])
      expect(text).not.toContain(other);
    expect((await call(null, 'GET', '/api/public/notices/not-a-token-at-all-0123456789')).status).toBe(404);
  });

  it('acknowledges once: the name and answer are required, then the link is used up', async () => {
    const link = linkOf(C1);
    const path = `/api/public/notices/${link.token}/acknowledge`;
    expect(await problems(await call(null, 'POST', path, { answer: '' }))).toEqual(['/name', '/answer']);
    const ok = await json<{ id: string }>(
      await call(null, 'POST', path, {
        name: 'Receiving at Customer One',
        answer: 'Stock quarantined: 2 units, 100 kits',
      }),
    );
    expect(ok.id).toBe(customerNotice(C1).id);
    expect((await call(null, 'GET', `/api/public/notices/${link.token}`)).status).toBe(404);
    expect((await call(null, 'POST', path, { name: 'again', answer: 'again' })).status).toBe(404);
    const n = await json<Notice>(await call(qe, 'GET', `/api/notices/${ok.id}`));
    expect([n.status, n.answer]).toEqual([
      'acknowledged',
      {
        name: 'Receiving at Customer One',
        answer: 'Stock quarantined: 2 units, 100 kits',
        channel: 'link',
        recordedBy: null,
        reason: null,
      },
    ]);
    expect(n.links.map((l) => l.state)).toEqual(['used']);
  });

  it('expires, and a new link makes the earlier one stop working', async () => {
    const first = linkOf(C2);
    const later = new Date(Date.parse(first.expiresAt) + 1000);
    await expect(noticeByToken(t.stores.duck, first.token, later)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      acknowledgeByToken(t.stores.duck, first.token, { name: 'late', answer: 'late' }, later),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // still open now; a new link (7 days) revokes it
    expect((await noticeByToken(t.stores.duck, first.token)).id).toBe(customerNotice(C2).id);
    const again = await json<IssuedLink>(
      await call(qe, 'POST', `/api/notices/${customerNotice(C2).id}/links`, { expiresInDays: 7 }),
      201,
    );
    expect(Date.parse(again.expiresAt) - Date.now()).toBeGreaterThan(7 * DAY - 60_000);
    expect((await call(null, 'GET', `/api/public/notices/${first.token}`)).status).toBe(404);
    expect((await call(null, 'GET', `/api/public/notices/${again.token}`)).status).toBe(200);
    const n = await json<Notice>(await call(qe, 'GET', `/api/notices/${customerNotice(C2).id}`));
    expect(n.links.map((l) => l.state)).toEqual(['open', 'revoked']);
    expect(
      await problems(
        await call(qe, 'POST', `/api/notices/${customerNotice(C2).id}/links`, { expiresInDays: 0 }),
      ),
    ).toEqual(['/expiresInDays']);
  });
});

describe('answers recorded by quality, and closing', () => {
  it("records a customer's answer given by phone, with why; its link stops working", async () => {
    const id = customerNotice(C3).id;
    expect(
      await problems(
        await call(qe, 'POST', `/api/notices/${id}/record`, { answeredBy: 'x', channel: 'fax', answer: 'y' }),
      ),
    ).toEqual(['/channel', '/reason']);
    const n = await json<Notice>(
      await call(qe, 'POST', `/api/notices/${id}/record`, {
        answeredBy: 'Quality lead at Customer Three',
        channel: 'phone',
        answer: 'No stock left: all consumed',
        reason: 'Called us before opening the link',
      }),
    );
    expect([n.status, n.answer]).toEqual([
      'acknowledged',
      {
        name: 'Quality lead at Customer Three',
        answer: 'No stock left: all consumed',
        channel: 'phone',
        recordedBy: qeActor,
        reason: 'Called us before opening the link',
      },
    ]);
    expect((await call(null, 'GET', `/api/public/notices/${linkOf(C3).token}`)).status).toBe(404);
    expect(
      (
        await call(qe, 'POST', `/api/notices/${id}/record`, {
          answeredBy: 'x',
          channel: 'phone',
          answer: 'y',
          reason: 'z',
        })
      ).status,
    ).toBe(409);
  });
});

describe('suppliers', () => {
  it("see only their own supplier's sent notice, with nothing of the customers; another's is 404 everywhere", async () => {
    const s = supplierNotice();
    const listA = await json<{ notices: Notice[] }>(await call(supA, 'GET', '/api/notices'));
    expect(listA.notices.map((n) => n.id)).toEqual([s.id]);
    const view = await json<Notice>(await call(supA, 'GET', `/api/notices/${s.id}`));
    expect([view.source, view.links, view.content.kind]).toEqual([null, [], 'supplier']);
    const text = JSON.stringify(view);
    for (const c of [C1, C2, C3, C4]) expect(text).not.toContain(c);
    for (const sh of SHIPMENTS) expect(text).not.toContain(shipmentId(sh.id));
    // supplier B: nothing, and A's notice is as unknown as one that does not exist
    expect((await json<{ notices: Notice[] }>(await call(supB, 'GET', '/api/notices'))).notices).toEqual([]);
    for (const id of [s.id, customerNotice(C2).id, 'QN-1999-0001-S1']) {
      for (const who of id === s.id ? [supB] : [supA, supB]) {
        expect((await call(who, 'GET', `/api/notices/${id}`)).status).toBe(404);
        expect((await call(who, 'GET', `/api/notices/${id}/epcis`)).status).toBe(404);
        expect((await call(who, 'POST', `/api/notices/${id}/acknowledge`, { answer: 'x' })).status).toBe(404);
      }
    }
    const csvB = await (await call(supB, 'GET', '/api/notices/export?format=csv')).text();
    expect(csvB.trim().split('\n')).toHaveLength(1);
    // managing is refused by role
    for (const path of [
      `/api/notices/${s.id}/close`,
      `/api/notices/${s.id}/record`,
      `/api/notices/${s.id}/links`,
    ])
      expect((await call(supA, 'POST', path, {})).status).toBe(403);
  });

  it('acknowledges in the portal once; quality cannot acknowledge in its place', async () => {
    const s = supplierNotice();
    expect((await call(qe, 'POST', `/api/notices/${s.id}/acknowledge`, { answer: 'x' })).status).toBe(403);
    expect(await problems(await call(supA, 'POST', `/api/notices/${s.id}/acknowledge`, {}))).toEqual([
      '/answer',
    ]);
    const n = await json<Notice>(
      await call(supA, 'POST', `/api/notices/${s.id}/acknowledge`, {
        answer: 'Sorting started; containment in the 8D',
      }),
    );
    expect([n.status, n.answer?.channel, n.answer?.answer]).toEqual([
      'acknowledged',
      'portal',
      'Sorting started; containment in the 8D',
    ]);
    expect((await call(supA, 'POST', `/api/notices/${s.id}/acknowledge`, { answer: 'again' })).status).toBe(
      409,
    );
    const qeInbox = await json<{ notifications: { text: string }[] }>(await call(qe, 'GET', '/api/inbox'));
    expect(qeInbox.notifications.map((x) => x.text)).toContain(
      `Notice ${s.id} was acknowledged by Supplier A (${n.answer!.name}, portal): Sorting started; containment in the 8D`,
    );
  });
});

describe('from a recall case, closing a draft, escalation', () => {
  let second: SendAnswer;
  it("raises from a recall case's snapshot; a closed draft is not sent", async () => {
    const rc = await json<{ caseId: string }>(
      await call(qe, 'POST', '/api/recalls', {
        id: 'KIT-1',
        title: 'Kits with cracked capacitors',
        reason: REASON,
      }),
      201,
    );
    const r = await json<RaiseAnswer>(
      await call(qe, 'POST', '/api/notices', {
        source: { kind: 'recall', caseId: rc.caseId },
        title: 'Kits',
        reason: REASON,
        dueHours: 2,
      }),
      201,
    );
    // KIT-1 has no supplier: customer notices only, with exactly the kits
    const expected = expectedNotices(KIT).map(sorted);
    expect(r.notices.map((n) => n.kind)).toEqual(expected.map(() => 'customer'));
    expect(r.notices.map((n) => shapeOf(n.content as CustomerContent))).toEqual(expected);
    expect(r.notices[0]!.source).toEqual({ kind: 'recall', caseId: rc.caseId });
    const drop = r.notices.find((n) => n.party.id === C2)!;
    expect(await problems(await call(qe, 'POST', `/api/notices/${drop.id}/close`, {}))).toEqual(['/reason']);
    const closed = await json<Notice>(
      await call(qe, 'POST', `/api/notices/${drop.id}/close`, { reason: 'Told in the first notice already' }),
    );
    expect([closed.status, closed.closeReason]).toEqual(['closed', 'Told in the first notice already']);
    expect((await call(qe, 'POST', `/api/notices/${drop.id}/close`, { reason: 'again' })).status).toBe(409);
    second = await json<SendAnswer>(await call(qe, 'POST', `/api/notice-batches/${r.batch}/send`, {}));
    expect(second.notices.map((n) => [n.party.id, n.status])).toEqual(
      r.notices.map((n) => [n.party.id, n.party.id === C2 ? 'closed' : 'sent']),
    );
    expect(second.links.map((l) => l.noticeId)).toEqual(
      r.notices.filter((n) => n.party.id !== C2).map((n) => n.id),
    );
  });

  it('escalates an unanswered notice once after its due time, in the app and by e-mail', async () => {
    const n = second.notices.find((x) => x.status === 'sent')!;
    const mailer = smtpMailer({
      smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
      from: 'lotgraph@plant.example',
      escalationTo: ['recalls@plant.example'],
    });
    const late = new Date(Date.parse(n.dueAt!) + 60_000);
    try {
      const early = await escalateOverdueNotices(t, new Date(Date.parse(n.dueAt!) - 60_000), mailer);
      expect(early.escalated).toEqual([]);
      const r = await escalateOverdueNotices(t, late, mailer);
      // the first batch's notices are all answered: only this one is overdue
      expect(r).toEqual({ escalated: [{ noticeId: n.id, dueAt: n.dueAt }], mailed: 1, mailFailures: [] });
      expect((await escalateOverdueNotices(t, new Date(late.getTime() + HOUR), mailer)).escalated).toEqual(
        [],
      );
    } finally {
      mailer.close();
    }
    expect(mails.map((m) => m.to)).toEqual([['quality@plant.example', 'recalls@plant.example']]);
    expect(mails[0]!.body).toContain(`Unanswered notice: ${n.id}`);
    // escalated, still waiting for its answer (by the real clock it is not due yet)
    const after = await json<Notice>(await call(qe, 'GET', `/api/notices/${n.id}`));
    expect([after.status, after.overdue, after.escalatedAt]).toEqual(['sent', false, late.toISOString()]);
    const inbox = await json<{ notifications: { text: string; link: string }[] }>(
      await call(qe, 'GET', '/api/inbox'),
    );
    expect(inbox.notifications[0]).toMatchObject({
      text: `Unanswered since ${n.dueAt}: notice ${n.id} "Kits" to Customer One`,
      link: `/notices/${n.id}`,
    });
  });
});

describe('the audit trail', () => {
  it('has every state change of each notice, in order, with who and why', async () => {
    const trail = async (id: string) =>
      (await readAudit(t.stores.duck, { subject: id })).map((a) => [a.action, a.actor, a.reason]);
    expect(await trail(customerNotice(C1).id)).toEqual([
      ['notice.raise', qeActor, REASON],
      ['notice.send', qeActor, null],
      ['notice.link', qeActor, null],
      ['notice.acknowledge', `link:${customerNotice(C1).id}`, null],
    ]);
    expect(await trail(customerNotice(C2).id)).toEqual([
      ['notice.raise', qeActor, REASON],
      ['notice.send', qeActor, null],
      ['notice.link', qeActor, null],
      ['notice.link', qeActor, null],
    ]);
    expect(await trail(customerNotice(C3).id)).toEqual([
      ['notice.raise', qeActor, REASON],
      ['notice.send', qeActor, null],
      ['notice.link', qeActor, null],
      ['notice.record', qeActor, 'Called us before opening the link'],
    ]);
    expect(await trail(supplierNotice().id)).toEqual([
      ['notice.raise', qeActor, REASON],
      ['notice.send', qeActor, null],
      ['notice.acknowledge', supAActor, null],
    ]);
    const escalated = (await readAudit(t.stores.duck, { action: 'notice.escalate' })).map((a) => [
      a.actor,
      a.subject,
    ]);
    const closed = (await readAudit(t.stores.duck, { action: 'notice.close' })).map((a) => a.reason);
    expect(escalated).toHaveLength(1);
    expect(escalated[0]![0]).toBe('system:escalation');
    expect(closed).toEqual(['Told in the first notice already']);
    // no token or digest is ever written to the trail
    const all = JSON.stringify(await readAudit(t.stores.duck));
    for (const l of sent.links) {
      expect(all).not.toContain(l.token);
      expect(all).not.toContain(digest(l.token));
    }
  });
});

describe('exports', () => {
  it("EPCIS 2.0: a customer notice's document names exactly its objects and shipments", async () => {
    for (const c of [C1, C2]) {
      const n = customerNotice(c);
      const res = await call(qe, 'GET', `/api/notices/${n.id}/epcis`);
      expect(res.headers.get('content-type')).toContain('application/ld+json');
      const named = namedIn(await res.json());
      const content = n.content as CustomerContent;
      expect(named.objects).toEqual(
        [...content.lots, ...content.units, ...content.containers].map((o) => o.id).sort(),
      );
      expect(named.shipments).toEqual(content.shipments.map((s) => s.id).sort());
    }
  });

  it("EPCIS 2.0: the supplier's document names its lot only, and the supplier may fetch it", async () => {
    const named = namedIn(
      await (await call(supA, 'GET', `/api/notices/${supplierNotice().id}/epcis`)).json(),
    );
    expect(named).toEqual({ objects: [CAP], shipments: [] });
  });

  it('CSV of the list, as filtered', async () => {
    const csv = await (await call(qe, 'GET', `/api/notices/export?format=csv&batch=${raised.batch}`)).text();
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe(
      'Notice,Batch,Kind,Party,Party name,Title,Lot,Status,Raised at,Raised by,Sent at,Due at,Overdue,Escalated at,Answered at,Answered by,Channel,Answer,8D case,Closed at',
    );
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual(sent.notices.map((n) => n.id).sort());
    expect((await call(qe, 'GET', '/api/notices/export?format=xlsx')).status).toBe(400);
  });
});

describe('the link endpoints', () => {
  it('are rate-limited per client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 70; i++)
      statuses.push(
        (await call(null, 'GET', `/api/public/notices/no-such-token-${i}-0123456789abcdef`)).status,
      );
    const first429 = statuses.indexOf(429);
    expect(first429).toBeGreaterThan(0);
    expect(statuses.slice(0, first429).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(first429).every((s) => s === 429)).toBe(true);
  });
});
