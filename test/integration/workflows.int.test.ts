// The workflow engine through the HTTP API against the real stores: definitions and versions,
// who may start and take what, the inbox per role and per user (exact contents), a definition
// change that leaves a running instance on its own version, and incoming inspection on the
// engine (opened on receiving, by the sweep for imported lots, decided as a transition or by
// capturing the form directly). Expected values are worked out by hand from what the test sends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../analytics/audit.store.ts';
import { sweepIncomingInspections } from '../../api/services/incoming-inspection.service.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import { doc, inspect, lot, party, receive } from '../builders/epcis.builder.ts';
import { TEST_ADMIN_TOKEN, actorFor, bearer, tokenFor } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

let t: TestStores;
let srv: TestServer;
let qe: string;
let qe2: string;
let admin: string;
let procurement: string;
let operator: string;
let supplierA: string;
let qeActor: string;
let adminActor: string;

beforeAll(async () => {
  t = await openTestStores();
  srv = await startTestServer(t);
  qe = await tokenFor(srv.base, 'quality_engineer');
  qe2 = await tokenFor(srv.base, 'quality_engineer');
  admin = await tokenFor(srv.base, 'admin');
  procurement = await tokenFor(srv.base, 'procurement');
  operator = await tokenFor(srv.base, 'operator');
  supplierA = await tokenFor(srv.base, 'supplier', { supplierId: party('S-A') });
  qeActor = await actorFor(srv.base, qe);
  adminActor = await actorFor(srv.base, admin);
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
async function json<T>(res: Response, status = 200): Promise<T> {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
const errorOf = async (res: Response) => ({
  status: res.status,
  ...((await res.json()) as { error: { code: string; message: string; problems?: unknown[] } }),
});

interface Task {
  id: string;
  instanceId: string;
  workflow: string;
  subject: string | null;
  state: string;
  role: string;
  title: string;
  createdAt: string;
  dueAt: string | null;
  status: string;
}
interface View {
  instance: {
    id: string;
    workflow: string;
    version: number;
    state: string;
    status: string;
    startedAt: string;
  };
  history: {
    seq: number;
    transition: string | null;
    from: string | null;
    to: string;
    actor: string;
    comment: string | null;
    submissionId: string | null;
    submission: { formKey: string; data: Record<string, unknown> } | null;
  }[];
  tasks: Task[];
  transitions: { name: string }[];
}
interface Inbox {
  tasks: Task[];
  notifications: unknown[];
}

const HOUR = 3_600_000;
const plus = (iso: string, h: number) => new Date(Date.parse(iso) + h * HOUR).toISOString();
const inboxOf = async (token: string) => json<Inbox>(await call(token, 'GET', '/api/inbox'));
const taskLines = (i: Inbox) =>
  i.tasks.map((x) => `${x.workflow} ${x.state} ${x.title} ${x.subject ?? ''}`).sort();

// A deviation review: draft (QE writes it, due in 8 h) -> review (admin, due in 24 h) -> approved
// or rejected, a rejection needing a comment.
const review = {
  key: 'deviation-review',
  title: 'Deviation review',
  initial: 'draft',
  states: [
    {
      name: 'draft',
      label: 'Draft',
      tasks: [{ title: 'Write the deviation', role: 'quality_engineer', dueHours: 8 }],
    },
    {
      name: 'review',
      label: 'Review',
      tasks: [{ title: 'Review the deviation', role: 'admin', dueHours: 24 }],
    },
    { name: 'approved', label: 'Approved', final: true },
    { name: 'rejected', label: 'Rejected', final: true },
  ],
  transitions: [
    { name: 'submit', label: 'Submit', from: ['draft'], to: 'review', roles: ['quality_engineer'] },
    { name: 'approve', label: 'Approve', from: ['review'], to: 'approved', roles: ['admin'] },
    {
      name: 'reject',
      label: 'Reject',
      from: ['review'],
      to: 'rejected',
      roles: ['admin'],
      commentRequired: true,
    },
  ],
};

describe('workflow definitions', () => {
  it('seeds incoming inspection, 8D and process-audit actions as version 1', async () => {
    const r = await json<{ definitions: { key: string; version: number }[] }>(
      await call(qe, 'GET', '/api/workflows'),
    );
    expect(r.definitions.map((d) => `${d.key}@${d.version}`)).toEqual([
      '8d@1',
      'incoming-inspection@1',
      'vda63-action@1',
    ]);
  });

  it('lets only config:write save a definition, and names what is wrong with a bad one', async () => {
    expect((await call(qe, 'POST', '/api/workflows', review)).status).toBe(403);
    const bad = await errorOf(
      await call(admin, 'POST', '/api/workflows', {
        ...review,
        states: [...review.states, { name: 'limbo', label: 'Limbo' }],
        transitions: [
          ...review.transitions,
          { name: 'x', label: 'X', from: ['draft'], to: 'nowhere', roles: ['admin'] },
        ],
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.error.problems).toEqual([
      { field: 'transitions.3.to', pointer: '/transitions/3/to', reason: 'unknown state "nowhere"' },
      { field: 'states.4', pointer: '/states/4', reason: 'no transition reaches "limbo" from "draft"' },
      { field: 'states.4', pointer: '/states/4', reason: '"limbo" is not final but no transition leaves it' },
    ]);
    const saved = await json<{ version: number; createdBy: string }>(
      await call(admin, 'POST', '/api/workflows', review),
      201,
    );
    expect(saved).toMatchObject({ version: 1, createdBy: adminActor });
    // Saving the same again makes no new version.
    expect(
      (await json<{ version: number }>(await call(admin, 'POST', '/api/workflows', review), 201)).version,
    ).toBe(1);
  });

  it('refuses a transition naming a form that does not exist', async () => {
    const bad = await errorOf(
      await call(admin, 'POST', '/api/workflows', {
        ...review,
        key: 'with-form',
        transitions: review.transitions.map((x) =>
          x.name === 'submit' ? { ...x, form: 'no-such-form' } : x,
        ),
      }),
    );
    expect(bad.error.problems).toEqual([
      {
        field: 'transitions.0.form',
        pointer: '/transitions/0/form',
        reason: 'no form is known as "no-such-form"',
      },
    ]);
  });
});

describe('instances, roles and the inbox', () => {
  let id: string;
  let startedAt: string;

  it('lets a role that can take the first step start an instance, not others', async () => {
    expect(
      (await call(operator, 'POST', '/api/workflow-instances', { workflow: review.key, title: 'x' })).status,
    ).toBe(403);
    const v = await json<View>(
      await call(qe, 'POST', '/api/workflow-instances', {
        workflow: review.key,
        title: 'Flour moisture 15.2 %',
      }),
      201,
    );
    id = v.instance.id;
    startedAt = v.instance.startedAt;
    expect(v.instance).toMatchObject({ workflow: review.key, version: 1, state: 'draft', status: 'open' });
    expect(v.transitions.map((x) => x.name)).toEqual(['submit']);
  });

  it('shows the task in the inbox of every QE and of no other role, with its due time', async () => {
    const i1 = await inboxOf(qe);
    expect(i1.tasks.map((x) => [x.instanceId, x.title, x.role, x.dueAt])).toEqual([
      [id, 'Write the deviation', 'quality_engineer', plus(startedAt, 8)],
    ]);
    expect(taskLines(await inboxOf(qe2))).toEqual(taskLines(i1));
    expect((await inboxOf(admin)).tasks).toEqual([]);
    expect((await inboxOf(procurement)).tasks).toEqual([]);
    expect((await inboxOf(supplierA)).tasks).toEqual([]);
  });

  it('refuses a role the transition does not list, the wrong state, an unknown transition', async () => {
    const path = `/api/workflow-instances/${id}/transitions`;
    expect((await errorOf(await call(procurement, 'POST', path, { transition: 'submit' }))).status).toBe(403);
    expect((await errorOf(await call(admin, 'POST', path, { transition: 'submit' }))).status).toBe(403);
    expect((await errorOf(await call(qe, 'POST', path, { transition: 'approve' }))).status).toBe(409);
    expect((await errorOf(await call(qe, 'POST', path, { transition: 'fly' }))).status).toBe(400);
    // A supplier's user does not see an instance that is not its supplier's.
    expect((await call(supplierA, 'GET', `/api/workflow-instances/${id}`)).status).toBe(404);
    expect((await errorOf(await call(supplierA, 'POST', path, { transition: 'submit' }))).status).toBe(404);
  });

  it('moves on when an allowed role takes it: the old task is done, the next role has the new one', async () => {
    const v = await json<View>(
      await call(qe, 'POST', `/api/workflow-instances/${id}/transitions`, { transition: 'submit' }),
    );
    expect(v.instance.state).toBe('review');
    expect(v.tasks.map((x) => [x.title, x.status])).toEqual([
      ['Write the deviation', 'done'],
      ['Review the deviation', 'open'],
    ]);
    expect((await inboxOf(qe)).tasks).toEqual([]);
    expect((await inboxOf(admin)).tasks.map((x) => [x.instanceId, x.title])).toEqual([
      [id, 'Review the deviation'],
    ]);
  });

  it('keeps a running instance on its version when the definition changes', async () => {
    // Version 2: review becomes 'board_review' and 'approve' becomes 'accept'.
    const v2 = {
      ...review,
      states: review.states.map((s) =>
        s.name === 'review' ? { ...s, name: 'board_review', label: 'Board review' } : s,
      ),
      transitions: [
        { name: 'submit', label: 'Submit', from: ['draft'], to: 'board_review', roles: ['quality_engineer'] },
        { name: 'accept', label: 'Accept', from: ['board_review'], to: 'approved', roles: ['admin'] },
        {
          name: 'reject',
          label: 'Reject',
          from: ['board_review'],
          to: 'rejected',
          roles: ['admin'],
          commentRequired: true,
        },
      ],
    };
    expect(
      (await json<{ version: number }>(await call(admin, 'POST', '/api/workflows', v2), 201)).version,
    ).toBe(2);
    const path = `/api/workflow-instances/${id}/transitions`;
    const running = await json<View>(await call(admin, 'GET', `/api/workflow-instances/${id}`));
    expect(running.instance).toMatchObject({ version: 1, state: 'review' });
    expect(running.transitions.map((x) => x.name)).toEqual(['approve', 'reject']);
    // A rejection needs a comment (version 1's rule).
    const noComment = await errorOf(await call(admin, 'POST', path, { transition: 'reject' }));
    expect(noComment.status).toBe(400);
    expect(noComment.error.problems).toEqual([
      { field: 'comment', pointer: '/comment', reason: 'is required' },
    ]);
    const done = await json<View>(
      await call(admin, 'POST', path, { transition: 'approve', comment: 'fine' }),
    );
    expect(done.instance).toMatchObject({ version: 1, state: 'approved', status: 'done' });
    expect(done.history.map((h) => [h.seq, h.transition, h.from, h.to, h.actor, h.comment])).toEqual([
      [0, null, null, 'draft', qeActor, null],
      [1, 'submit', 'draft', 'review', qeActor, null],
      [2, 'approve', 'review', 'approved', adminActor, 'fine'],
    ]);
    expect((await call(admin, 'POST', path, { transition: 'reject', comment: 'x' })).status).toBe(409);
    // A new instance starts on version 2.
    const fresh = await json<View>(
      await call(qe, 'POST', '/api/workflow-instances', { workflow: review.key, title: 'Second' }),
      201,
    );
    expect(fresh.instance.version).toBe(2);
    const moved = await json<View>(
      await call(qe, 'POST', `/api/workflow-instances/${fresh.instance.id}/transitions`, {
        transition: 'submit',
      }),
    );
    expect(moved.instance.state).toBe('board_review');
    const versions = await json<{
      versions: { version: number; instances: number; openInstances: number }[];
    }>(await call(admin, 'GET', `/api/workflows/${review.key}/versions`));
    expect(versions.versions.map((x) => [x.version, x.instances, x.openInstances])).toEqual([
      [2, 1, 1],
      [1, 1, 0],
    ]);
    expect((await call(qe, 'GET', `/api/workflows/${review.key}/versions`)).status).toBe(403);
    const entries = await readAudit(t.stores.duck, { subject: id });
    expect(entries.map((e) => [e.action, e.actor])).toEqual([
      ['workflow.start', qeActor],
      ['workflow.transition', qeActor],
      ['workflow.transition', adminActor],
    ]);
    const defs = await readAudit(t.stores.duck, { subject: `workflow:${review.key}` });
    expect(defs.map((e) => [e.action, (e.after as { version: number }).version])).toEqual([
      ['workflow.define', 1],
      ['workflow.define', 2],
    ]);
  });

  it('lets staff read another role’s queue, and a supplier user none but its own', async () => {
    const r = await json<{ tasks: Task[] }>(await call(qe, 'GET', '/api/tasks?role=admin&status=open'));
    expect(r.tasks.map((x) => x.title)).toEqual(['Review the deviation']);
    expect(
      (await json<{ tasks: Task[] }>(await call(supplierA, 'GET', '/api/tasks?role=admin'))).tasks,
    ).toEqual([]);
  });
});

describe('incoming inspection on the engine', () => {
  const R1 = lot('R-1');
  const R2 = lot('R-2');
  const R3 = lot('R-3');

  beforeAll(async () => {
    // received from S-A, R-3 from S-B and inspected: only are in quarantine.
    await ingestDocument(
      t.stores,
      t.projector,
      doc([
        receive({ lot: R1, qty: 100, uom: 'KGM', supplier: party('S-A'), t: 0 }),
        receive({ lot: R2, qty: 50, uom: 'KGM', supplier: party('S-A'), t: 1 }),
        receive({ lot: R3, qty: 10, uom: 'KGM', supplier: party('S-B'), t: 2 }),
        inspect({ target: R3, t: 3, kind: 'incoming', result: 'pass' }),
      ]),
      { source: 'test' },
    );
  });

  it('has the sweep open one instance per imported lot still in quarantine, once', async () => {
    expect((await sweepIncomingInspections(t)).sort()).toEqual([R1, R2]);
    expect(await sweepIncomingInspections(t)).toEqual([]);
    const inbox = await inboxOf(qe);
    const inspections = inbox.tasks.filter((x) => x.workflow === 'incoming-inspection');
    expect(inspections.map((x) => [x.subject, x.title, x.state]).sort()).toEqual([
      [R1, 'Inspect the received lot', 'awaiting_inspection'],
      [R2, 'Inspect the received lot', 'awaiting_inspection'],
    ]);
    for (const x of inspections) expect(x.dueAt).toBe(plus(x.createdAt, 24));
  });

  it('opens an instance when a lot is received through the capture form', async () => {
    const res = await json<{ subject: string }>(
      await call(qe, 'POST', '/api/capture/receiving', {
        data: { lot: 'R-9', material: 'FLOUR', quantity: 20, uom: 'KGM', supplier: 'S-A' },
      }),
      201,
    );
    const r = await json<{ instances: { subject: string; state: string; title: string }[] }>(
      await call(
        qe,
        'GET',
        `/api/workflow-instances?workflow=incoming-inspection&subject=${encodeURIComponent(res.subject)}`,
      ),
    );
    expect(r.instances.map((i) => [i.subject, i.state])).toEqual([[res.subject, 'awaiting_inspection']]);
    expect(await sweepIncomingInspections(t)).toEqual([]);
  });

  it('releases a lot through the transition, its form carrying the preset decision and the lot', async () => {
    const [inst] = (
      await json<{ instances: { id: string }[] }>(
        await call(
          qe,
          'GET',
          `/api/workflow-instances?workflow=incoming-inspection&subject=${encodeURIComponent(R1)}`,
        ),
      )
    ).instances;
    const path = `/api/workflow-instances/${inst!.id}/transitions`;
    const data = { result: 'pass', sampleSize: 5, defectiveQuantity: 0, decision: 'reject' };
    expect((await call(procurement, 'POST', path, { transition: 'release', data })).status).toBe(403);
    expect((await call(operator, 'POST', path, { transition: 'release', data })).status).toBe(403);
    const v = await json<View>(await call(qe, 'POST', path, { transition: 'release', data }));
    expect(v.instance).toMatchObject({ state: 'released', status: 'done' });
    const last = v.history[v.history.length - 1]!;
    expect(last).toMatchObject({
      transition: 'release',
      from: 'awaiting_inspection',
      to: 'released',
      actor: qeActor,
    });
    // The preset wins over what was sent; the lot defaults to the instance's subject.
    expect(last.submission).toMatchObject({
      formKey: 'incoming-inspection',
      data: { decision: 'release', lot: R1 },
    });
    const sub = await json<{ eventId: string | null; workflowInstance: string }>(
      await call(TEST_ADMIN_TOKEN, 'GET', `/api/submissions/${last.submissionId}`),
    );
    expect(sub.workflowInstance).toBe(inst!.id);
    expect(sub.eventId).not.toBeNull();
  });

  it('moves the instance when the decision is captured directly with the form', async () => {
    await json(
      await call(qe, 'POST', '/api/capture/incoming-inspection', {
        data: { lot: 'R-2', result: 'fail', sampleSize: 5, defectiveQuantity: 2, decision: 'reject' },
      }),
      201,
    );
    const r = await json<{ instances: { state: string; status: string }[] }>(
      await call(
        qe,
        'GET',
        `/api/workflow-instances?workflow=incoming-inspection&subject=${encodeURIComponent(R2)}`,
      ),
    );
    expect(r.instances.map((i) => [i.state, i.status])).toEqual([['rejected', 'done']]);
  });
});
