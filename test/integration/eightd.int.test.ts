// 8D with the supplier through the HTTP API against the real stores: a case opened from a lot,
// assigned to supplier S-A, passes D0–D8 with S-A's user answering D3–D7 in the portal; S-B's
// user cannot see or answer it through any endpoint; an overdue step escalates with the clock
// controlled (in-app notifications, and an e-mail received by a local SMTP server); the
// scorecard's mean days to containment and closure are worked out from the cases' own times.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../analytics/audit.store.ts';
import { supplierScorecard } from '../../analytics/scorecard.ts';
import { smtpMailer } from '../../api/mailer.ts';
import { escalateOverdue } from '../../api/services/escalation.service.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import { doc, inspect, lot, material, party, receive, transform } from '../builders/epcis.builder.ts';
import { actorFor, bearer, tokenFor, userWithToken } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

const SA = party('S-A');
const SB = party('S-B');
const CAP = lot('CAP-1');
const BOARD = lot('BOARD-1');

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
const mails: { from: string; to: string[]; body: string }[] = [];

beforeAll(async () => {
  t = await openTestStores();
  // CAP-1 from S-A: incoming inspection found 3 cracked in a sample of 50; it went into BOARD-1
  // at reflow (peak 245 °C). S-B supplies another lot, for a scorecard row of its own.
  await ingestDocument(
    t.stores,
    t.projector,
    doc([
      receive({ lot: CAP, qty: 1000, uom: 'H87', supplier: SA, material: material('CAP'), t: 0 }),
      receive({ lot: lot('RES-1'), qty: 500, uom: 'H87', supplier: SB, material: material('RES'), t: 0 }),
      inspect({
        target: CAP,
        t: 1,
        kind: 'incoming',
        result: 'fail',
        defects: [['CRACK', 3, 'major']],
        sample: 50,
      }),
      transform({
        op: 'REFLOW-1',
        t: 2,
        step: 'reflow',
        inLots: [[CAP, 100, 'H87']],
        outLots: [[BOARD, 100, 'H87']],
        params: [['peak_temp', 245, 'CEL']],
      }),
    ]),
    { source: 'test' },
  );
  srv = await startTestServer(t);
  qe = await tokenFor(srv.base, 'quality_engineer');
  qeActor = await actorFor(srv.base, qe);
  supA = (await userWithToken(srv.base, 'supplier', { supplierId: SA, username: 'anna@s-a.example' })).token;
  supAActor = await actorFor(srv.base, supA);
  supB = await tokenFor(srv.base, 'supplier', { supplierId: SB });
  procurement = await tokenFor(srv.base, 'procurement');
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let body = '';
      stream.on('data', (c: Buffer) => (body += c.toString('utf8')));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address).sort(),
          body,
        });
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

async function call(token: string, method: 'GET' | 'POST', path: string, body?: unknown) {
  return fetch(`${srv.base}${path}`, {
    method,
    headers: { ...bearer(token), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
async function json<T>(res: Response, status = 200): Promise<T> {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface Task {
  id: string;
  instanceId: string;
  state: string;
  role: string;
  supplierId: string | null;
  title: string;
  createdAt: string;
  dueAt: string | null;
  escalated: boolean;
}
interface Step {
  step: string;
  status: string;
  bySupplier: boolean;
  canAnswer: boolean;
  answer: {
    actor: string;
    submissionId: string;
    submission: { formKey: string; data: Record<string, unknown> } | null;
  } | null;
}
interface Case {
  id: string;
  state: string;
  status: string;
  supplierId: string | null;
  openedAt: string;
  containedAt: string | null;
  closedAt: string | null;
  lots: string[];
  evidence: {
    objects: {
      id: string;
      suppliers: { id: string }[];
      inspections: unknown[];
      operations: { parameters: { name: string; value: number }[] }[];
      trace: { nodes: { id: string; kind: string }[] };
    }[];
  };
  steps: Step[];
}
interface Inbox {
  tasks: Task[];
  notifications: { id: string; text: string; link: string | null; read: boolean }[];
  unread: number;
}

const HOUR = 3_600_000;
const plus = (iso: string, h: number) => new Date(Date.parse(iso) + h * HOUR).toISOString();
const ANSWERS: Record<string, Record<string, unknown>> = {
  d0: { emergencyActions: 'Blocked all CAP-1 stock', customerInformed: true },
  d1: { champion: 'Plant manager', teamLeader: 'Q. Engineer', members: 'SQE, process, supplier QA' },
  d2: { what: 'Cracked capacitors', where: 'Incoming inspection', when: 'March 2025', howMany: 3 },
  d3: {
    containmentActions: '100 % sorting at S-A',
    suspectQuantity: 1000,
    defectiveFound: 7,
    effectiveFrom: '2025-03-02',
  },
  d4: {
    why1: 'Cracks from thermal shock',
    why2: 'Oven ramp too steep',
    categories: ['machine', 'method'],
    rootCause: 'Oven profile changed without validation',
    escapePoint: 'No crack check in final test',
  },
  d5: { correctiveActions: 'Restore the validated profile' },
  d6: {
    implementedActions: 'Profile locked',
    implementedOn: '2025-03-10',
    verification: '0 cracks in 5 lots',
  },
  d7: { preventiveActions: 'Profile changes need approval', documentsUpdated: 'PFMEA rev 4' },
  d8: { closure: 'Effective', recognition: 'Thanks to the S-A team' },
};
const answer = (token: string, id: string, step: string, data = ANSWERS[step]) =>
  call(token, 'POST', `/api/8d/${id}/steps/${step}`, { data });
const inboxOf = async (token: string) => json<Inbox>(await call(token, 'GET', '/api/inbox'));

describe('an 8D case with the supplier', () => {
  let id: string;
  let opened: Case;

  it('is opened from a lot by quality (not by the supplier) with its evidence attached', async () => {
    const body = { title: 'Cracked capacitors', source: { kind: 'lot', lot: CAP }, supplierId: SA };
    expect((await call(supA, 'POST', '/api/8d', body)).status).toBe(403);
    expect((await call(procurement, 'POST', '/api/8d', body)).status).toBe(403);
    opened = await json<Case>(await call(qe, 'POST', '/api/8d', body), 201);
    id = opened.id;
    expect(id).toBe(`8D-${new Date().getUTCFullYear()}-0001`);
    expect(opened).toMatchObject({ state: 'd0', status: 'open', supplierId: SA, lots: [CAP] });
    const [ev] = opened.evidence.objects;
    expect(ev!.id).toBe(CAP);
    expect(ev!.suppliers.map((s) => s.id)).toEqual([SA]);
    expect(ev!.inspections).toHaveLength(1);
    // CAP-1's backward trace: itself, its supplier and its inspection.
    expect(ev!.trace.nodes.map((n) => n.kind).sort()).toEqual(['inspection', 'lot', 'supplier']);
    expect(ev!.trace.nodes.filter((n) => n.kind !== 'inspection').map((n) => n.id)).toEqual(
      expect.arrayContaining([CAP, SA]),
    );
    expect(opened.steps.map((s) => [s.step, s.status, s.bySupplier])).toEqual([
      ['d0', 'current', false],
      ['d1', 'pending', false],
      ['d2', 'pending', false],
      ['d3', 'pending', true],
      ['d4', 'pending', true],
      ['d5', 'pending', true],
      ['d6', 'pending', true],
      ['d7', 'pending', true],
      ['d8', 'pending', false],
    ]);
  });

  it('lets quality answer D0–D2; the supplier may not', async () => {
    expect((await answer(supA, id, 'd0')).status).toBe(403);
    for (const s of ['d0', 'd1', 'd2']) await json(await answer(qe, id, s));
    // Answering a step that is not the current one is a conflict.
    expect((await answer(qe, id, 'd5')).status).toBe(409);
  });

  it('gives D3 to the supplier’s inbox with the 24-hour containment due time, nobody else’s', async () => {
    const a = await inboxOf(supA);
    expect(a.tasks.map((x) => [x.instanceId, x.state, x.role, x.supplierId, x.title])).toEqual([
      [id, 'd3', 'supplier', SA, 'Answer D3 Containment'],
    ]);
    expect(a.tasks[0]!.dueAt).toBe(plus(a.tasks[0]!.createdAt, 24));
    expect((await inboxOf(supB)).tasks).toEqual([]);
    expect((await inboxOf(qe)).tasks).toEqual([]);
    // The supplier was told the case was opened for it.
    expect(a.notifications.map((n) => [n.text, n.link])).toEqual([
      [`8D case ${id} "Cracked capacitors" was opened for you`, `/8d/${id}`],
    ]);
  });

  it('checks the supplier’s answers against the step form', async () => {
    const res = await answer(supA, id, 'd3', { suspectQuantity: -1 });
    expect(res.status).toBe(400);
    const err = ((await res.json()) as { error: { problems: { field: string; pointer: string }[] } }).error;
    expect(err.problems.map((p) => p.pointer).sort()).toEqual(
      ['/data/containmentActions', '/data/effectiveFrom', '/data/suspectQuantity'].sort(),
    );
  });

  it('keeps another supplier’s user out of the case through every endpoint', async () => {
    const wf = `/api/workflow-instances/${id}`;
    expect((await json<{ cases: unknown[] }>(await call(supB, 'GET', '/api/8d'))).cases).toEqual([]);
    expect((await call(supB, 'GET', `/api/8d/${id}`)).status).toBe(404);
    expect((await answer(supB, id, 'd3')).status).toBe(404);
    expect((await call(supB, 'POST', `/api/8d/${id}/assign`, { supplierId: SB })).status).toBe(403);
    expect((await call(supB, 'GET', wf)).status).toBe(404);
    expect(
      (await call(supB, 'POST', `${wf}/transitions`, { transition: 'answer_d3', data: ANSWERS['d3'] }))
        .status,
    ).toBe(404);
    expect(
      (await json<{ instances: unknown[] }>(await call(supB, 'GET', '/api/workflow-instances?workflow=8d')))
        .instances,
    ).toEqual([]);
    expect(
      (await json<{ tasks: unknown[] }>(await call(supB, 'GET', '/api/tasks?role=supplier'))).tasks,
    ).toEqual([]);
    const inbox = await inboxOf(supB);
    expect([inbox.tasks, inbox.notifications]).toEqual([[], []]);
  });

  it('lets the supplier’s user answer D3–D7 in the portal, seeing only its own evidence', async () => {
    const seen = await json<Case>(await call(supA, 'GET', `/api/8d/${id}`));
    expect(seen.steps.find((s) => s.step === 'd3')!.canAnswer).toBe(true);
    // Its own lot and inspections; not the plant's trace or operations.
    expect(seen.evidence.objects.map((o) => [o.id, o.operations.length, o.trace.nodes.length])).toEqual([
      [CAP, 0, 0],
    ]);
    expect(seen.lots).toEqual([]);
    for (const s of ['d3', 'd4', 'd5', 'd6', 'd7']) await json(await answer(supA, id, s));
    expect((await inboxOf(supA)).tasks).toEqual([]);
    expect((await answer(supA, id, 'd8')).status).toBe(403);
    const done = await json<Case>(await answer(qe, id, 'd8'));
    expect(done).toMatchObject({ state: 'closed', status: 'done' });
    expect(done.steps.map((s) => [s.step, s.status, s.answer?.actor])).toEqual([
      ['d0', 'done', qeActor],
      ['d1', 'done', qeActor],
      ['d2', 'done', qeActor],
      ['d3', 'done', supAActor],
      ['d4', 'done', supAActor],
      ['d5', 'done', supAActor],
      ['d6', 'done', supAActor],
      ['d7', 'done', supAActor],
      ['d8', 'done', qeActor],
    ]);
    expect(done.steps.find((s) => s.step === 'd4')!.answer!.submission).toMatchObject({
      formKey: '8d-d4',
      data: ANSWERS['d4'],
    });
    expect(done.containedAt).not.toBeNull();
    expect(done.closedAt).not.toBeNull();
    const audit = await readAudit(t.stores.duck, { subject: id });
    expect(audit.map((e) => [e.action, e.actor])).toEqual([
      ['workflow.start', qeActor],
      ['eightd.open', qeActor],
      ...['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8'].map((s) => [
        'workflow.transition',
        ['d3', 'd4', 'd5', 'd6', 'd7'].includes(s) ? supAActor : qeActor,
      ]),
    ]);
    // Each answer is a form submission, audited with it.
    const submissions = done.steps.map((s) => s.answer!.submissionId);
    const submitted = await readAudit(t.stores.duck, { action: 'form.submit' });
    expect(submitted.map((e) => e.subject)).toEqual(submissions);
  });
});

describe('escalation and the scorecard', () => {
  let id: string;

  it('escalates an overdue supplier step once, in the app and by e-mail', async () => {
    const c = await json<Case>(
      await call(qe, 'POST', '/api/8d', {
        title: 'Cracks again',
        source: { kind: 'pareto', code: 'CRACK', from: '2025-03-01', to: '2025-04-01' },
        supplierId: SA,
      }),
      201,
    );
    id = c.id;
    expect(c.lots).toEqual([CAP]);
    for (const s of ['d0', 'd1', 'd2']) await json(await answer(qe, id, s));
    const [task] = (await inboxOf(supA)).tasks;
    expect(task!.state).toBe('d3');
    const mailer = smtpMailer({
      smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
      from: 'lotgraph@plant.example',
      escalationTo: ['quality@plant.example'],
    });
    try {
      // One minute before it is due: nothing; one minute after: the D3 task, once.
      const early = await escalateOverdue(t, new Date(Date.parse(task!.dueAt!) - 60_000), mailer);
      expect(early.escalated).toEqual([]);
      const late = new Date(Date.parse(task!.dueAt!) + 60_000);
      const r = await escalateOverdue(t, late, mailer);
      expect(r.escalated.map((e) => [e.taskId, e.instanceId])).toEqual([[task!.id, id]]);
      expect(r).toMatchObject({ mailed: 1, mailFailures: [] });
      expect((await escalateOverdue(t, new Date(late.getTime() + HOUR), mailer)).escalated).toEqual([]);
    } finally {
      mailer.close();
    }
    expect(mails.map((m) => [m.from, m.to])).toEqual([
      ['lotgraph@plant.example', ['anna@s-a.example', 'quality@plant.example']],
    ]);
    expect(mails[0]!.body).toContain('Overdue: Answer D3 Containment');
    const text = `Overdue since ${task!.dueAt}: Answer D3 Containment (${id} Cracks again)`;
    const a = await inboxOf(supA);
    expect(a.tasks.map((x) => [x.id, x.escalated])).toEqual([[task!.id, true]]);
    expect(a.notifications.filter((n) => n.text.startsWith('Overdue')).map((n) => [n.text, n.link])).toEqual([
      [text, `/8d/${id}`],
    ]);
    const q = await inboxOf(qe);
    expect(q.notifications.map((n) => [n.text, n.read])).toEqual([[text, false]]);
    expect((await inboxOf(supB)).notifications).toEqual([]);
    const audit = await readAudit(t.stores.duck, { subject: id, action: 'task.escalate' });
    expect(audit.map((e) => [e.actor, (e.after as { task: string }).task])).toEqual([
      ['system:escalation', task!.id],
    ]);
  });

  it('marks notifications read for the reader only', async () => {
    expect(
      (await json<{ unread: number }>(await call(supA, 'GET', '/api/notifications/unread'))).unread,
    ).toBe(3);
    expect(
      (await json<{ unread: number }>(await call(supA, 'POST', '/api/notifications/read', { all: true })))
        .unread,
    ).toBe(0);
    expect((await inboxOf(supA)).unread).toBe(0);
    expect((await inboxOf(qe)).unread).toBe(1);
    // Someone else's notification ids are ignored.
    const theirs = (await inboxOf(qe)).notifications.map((n) => n.id);
    await json(await call(supB, 'POST', '/api/notifications/read', { ids: theirs }));
    expect((await inboxOf(qe)).unread).toBe(1);
  });

  it('feeds mean days to containment and closure into the supplier scorecard', async () => {
    await json(await answer(supA, id, 'd3'));
    const cases = await Promise.all(
      [`8D-${new Date().getUTCFullYear()}-0001`, id].map(async (x) =>
        json<Case>(await call(qe, 'GET', `/api/8d/${x}`)),
      ),
    );
    const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;
    const containment = cases.map((c) => days(c.openedAt, c.containedAt!));
    const rows = await supplierScorecard(t.stores.duck, { period: 'year' });
    const year = `${new Date().getUTCFullYear()}-01-01`;
    const row = rows.find((r) => r.supplier === SA && r.periodStart === year)!;
    expect(row.eightD).toBe(2);
    expect(row.daysToContainment).toBeCloseTo((containment[0]! + containment[1]!) / 2, 9);
    // Only the first case is closed.
    expect(row.daysToClosure).toBeCloseTo(days(cases[0]!.openedAt, cases[0]!.closedAt!), 9);
    expect(cases[1]!.closedAt).toBeNull();
    // The 2025 receipts row of S-A has no 8D case; S-B has none at all.
    expect(rows.find((r) => r.supplier === SA && r.periodStart === '2025-01-01')).toMatchObject({
      eightD: 0,
      daysToContainment: null,
      daysToClosure: null,
    });
    expect(rows.filter((r) => r.supplier === SB).map((r) => r.eightD)).toEqual([0]);
  });
});
