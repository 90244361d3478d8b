// VDA 6.3 process audits through the HTTP API against the real stores: catalogue versions, a
// programme, an audit of supplier S-A planned and answered (refusals named by JSON pointer),
// evidence linked as snapshots with their SHA-256, completion with the grade and every downgrade
// worked out here by hand, actions on findings in the owners' inboxes (and escalated when
// overdue), the evidence pack checked file by file, supplier S-A seeing only its completed audit
// without evidence and supplier S-B nothing, and every change in the audit trail.
import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../analytics/audit.store.ts';
import { escalateOverdue } from '../../api/services/escalation.service.ts';
import type { TraceAnswer } from '../../api/services/trace.service.ts';
import type {
  ActionView,
  AuditSummary,
  AuditView,
  CatalogueSummary,
  CatalogueVersion,
  EvidenceSummary,
  ProgrammeView,
} from '../../api/services/vda63.service.ts';
import type { Inbox, InstanceView } from '../../api/services/workflow.service.ts';
import type { ScorecardRow } from '../../analytics/scorecard.ts';
import { exampleCatalogue, questionsOf } from '../../domain/vda63.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import { doc, inspect, lot, material, party, receive, transform } from '../builders/epcis.builder.ts';
import { TEST_ADMIN_TOKEN, actorFor, bearer, tokenFor, userWithToken } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

const SA = party('S-A');
const SB = party('S-B');
const CAP = lot('CAP-1');
const BOARD = lot('BOARD-1');
const STEPS = ['SMT reflow', 'Final test'];

let t: TestStores;
let srv: TestServer;
let qe: string;
let qeActor: string;
let auditor: string;
let pe: string;
let peId: string;
let supA: string;
let supB: string;
let auditId: string;

const sha256 = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');

interface ErrorBody {
  error: { code: string; problems: { pointer: string }[] };
}
async function call<T = ErrorBody>(token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${srv.base}/api${path}`, {
    method,
    headers: { ...bearer(token), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    body: (type.includes('json') ? await res.json() : null) as T,
    bytes: type.includes('zip') ? new Uint8Array(await res.arrayBuffer()) : null,
  };
}
const pointers = (b: unknown) => (b as ErrorBody).error.problems.map((p) => p.pointer).sort();

// The answers of the audit: every in-scope question 10, except these.
const EXCEPTIONS: Record<string, { score: number | null; reason?: string }> = {
  'P3.1': { score: 4 }, // starred
  'P5.3': { score: 6 },
  'P6.2.2@SMT reflow': { score: 0 },
  'P6.4.1@Final test': { score: 8 },
  'P7.3': { score: null, reason: 'no field data for this product yet' },
};
interface Line {
  element: string;
  sub: string | null;
  id: string;
  step: string | null;
}
const inScope = questionsOf(exampleCatalogue).filter((e) => e.element !== 'P2');
const sheet: Line[] = inScope.flatMap((e): Line[] =>
  e.element === 'P6'
    ? STEPS.map((step) => ({ element: e.element, sub: e.subElement!, id: e.question.id, step }))
    : [{ element: e.element, sub: null, id: e.question.id, step: null }],
);
const answerOf = (l: Line) => EXCEPTIONS[l.step ? `${l.id}@${l.step}` : l.id] ?? { score: 10 };

// E = Σ scores / (evaluated × 10) × 100, worked out here from the answers above.
const compliance = (lines: Line[]) => {
  const scored = lines.map(answerOf).filter((a) => a.score !== null);
  return (scored.reduce((s, a) => s + a.score!, 0) / (scored.length * 10)) * 100;
};

beforeAll(async () => {
  t = await openTestStores();
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
  auditor = await tokenFor(srv.base, 'auditor');
  const p = await userWithToken(srv.base, 'process_engineer');
  pe = p.token;
  peId = p.id;
  supA = (await userWithToken(srv.base, 'supplier', { supplierId: SA })).token;
  supB = (await userWithToken(srv.base, 'supplier', { supplierId: SB })).token;
});

afterAll(async () => {
  await srv?.close();
  await t?.close();
});

describe('VDA 6.3 catalogues', () => {
  it('ships the example catalogue as version 1 and saves edits as new versions', async () => {
    const list = await call<{ catalogues: CatalogueSummary[] }>(qe, 'GET', '/vda63/catalogues');
    expect(list.status).toBe(200);
    const total = questionsOf(exampleCatalogue).length;
    expect(list.body.catalogues).toEqual([
      expect.objectContaining({ key: 'vda63-example', version: 1, questions: total, latest: true }),
    ]);
    // A quality engineer may not change catalogues.
    const edited = structuredClone(exampleCatalogue);
    (edited.elements[0] as { questions: { text: string }[] }).questions[0]!.text =
      'Is the project organisation defined, with named roles?';
    expect((await call(qe, 'POST', '/vda63/catalogues', { catalogue: edited })).status).toBe(403);
    const saved = await call<CatalogueVersion>(TEST_ADMIN_TOKEN, 'POST', '/vda63/catalogues', {
      catalogue: edited,
      note: 'P2.1 reworded',
    });
    expect(saved.status).toBe(201);
    expect(saved.body.catalogue.version).toBe(2);
    // The same again makes no new version.
    const again = await call<CatalogueVersion>(TEST_ADMIN_TOKEN, 'POST', '/vda63/catalogues', {
      catalogue: edited,
    });
    expect([again.status, again.body.catalogue.version]).toEqual([200, 2]);
    expect(
      (await call<CatalogueVersion>(qe, 'GET', '/vda63/catalogues/vda63-example?version=1')).body.catalogue,
    ).toEqual(exampleCatalogue);
    // A broken catalogue is refused whole, each problem at its pointer.
    const broken = structuredClone(exampleCatalogue);
    broken.elements.pop(); // P7
    (broken.elements[1] as { questions: { id: string }[] }).questions[0]!.id = 'P4.9';
    const bad = await call(TEST_ADMIN_TOKEN, 'POST', '/vda63/catalogues', { catalogue: broken });
    expect(bad.status).toBe(400);
    expect(pointers(bad.body)).toEqual(['/catalogue/elements', '/catalogue/elements/1/questions/0/id']);
    expect(
      (await call<{ catalogues: unknown[] }>(qe, 'GET', '/vda63/catalogues')).body.catalogues,
    ).toHaveLength(2);
  });
});

describe('a process audit of supplier S-A', () => {
  it('is planned in a programme, refusing a bad plan point by point', async () => {
    const prog = await call<ProgrammeView>(qe, 'POST', '/vda63/programmes', {
      title: 'Supplier audits 2026',
      year: 2026,
    });
    expect(prog.status).toBe(201);
    expect(prog.body.id).toBe('AP-2026-01');
    const bad = await call(qe, 'POST', '/vda63/audits', {
      programmeId: 'AP-2026-99',
      supplierId: party('NOBODY'),
      title: 'Capacitor supplier',
      process: 'Capacitor production',
      catalogue: { key: 'vda63-example', version: 1 },
      steps: [],
      scopedOut: [{ element: 'P2', reason: ' ' }],
      plannedOn: '2026-02-30',
      leadAuditor: 'A. Auditor',
    });
    expect(bad.status).toBe(400);
    expect(pointers(bad.body)).toEqual(['/plannedOn']);
    const bad2 = await call(qe, 'POST', '/vda63/audits', {
      programmeId: 'AP-2026-99',
      supplierId: party('NOBODY'),
      title: 'Capacitor supplier',
      process: 'Capacitor production',
      catalogue: { key: 'vda63-example', version: 1 },
      steps: [],
      scopedOut: [{ element: 'P2', reason: ' ' }],
      plannedOn: '2026-03-10',
      leadAuditor: 'A. Auditor',
    });
    expect(bad2.status).toBe(400);
    expect(pointers(bad2.body)).toEqual(['/programmeId', '/scopedOut/0/reason', '/steps', '/supplierId']);
    // A process engineer reads audits but does not conduct them.
    expect((await call(pe, 'POST', '/vda63/programmes', { title: 'x', year: 2026 })).status).toBe(403);
    const ok = await call<AuditView>(qe, 'POST', '/vda63/audits', {
      programmeId: 'AP-2026-01',
      supplierId: SA,
      title: 'Capacitor supplier',
      process: 'Capacitor production, line 2',
      catalogue: { key: 'vda63-example', version: 1 },
      steps: STEPS,
      scopedOut: [{ element: 'P2', reason: 'series product, no project running' }],
      plannedOn: '2026-03-10',
      leadAuditor: 'A. Auditor',
    });
    expect(ok.status).toBe(201);
    auditId = ok.body.id;
    expect(auditId).toBe('PA-2026-0001');
    expect(ok.body.status).toBe('planned');
    expect(ok.body.progress).toEqual({ answered: 0, total: sheet.length, notEvaluated: 0 });
    expect(ok.body.sheet.map((l) => [l.questionId, l.step])).toEqual(sheet.map((l) => [l.id, l.step]));
  });

  it('takes answers one by one and refuses bad ones by pointer', async () => {
    const put = (token: string, body: unknown) =>
      call<AuditView>(token, 'PUT', `/vda63/audits/${auditId}/answers`, body);
    expect(pointers((await put(qe, { questionId: 'P3.1', score: 5 })).body)).toEqual(['/score']);
    expect(pointers((await put(qe, { questionId: 'P6.1.1', score: 10 })).body)).toEqual(['/step']);
    expect(pointers((await put(qe, { questionId: 'P6.1.1', step: 'Paint', score: 10 })).body)).toEqual([
      '/step',
    ]);
    expect(pointers((await put(qe, { questionId: 'P3.1', step: 'Final test', score: 10 })).body)).toEqual([
      '/step',
    ]);
    expect(pointers((await put(qe, { questionId: 'P7.3', score: null })).body)).toEqual(['/reason']);
    expect(pointers((await put(qe, { questionId: 'P2.1', score: 10 })).body)).toEqual(['/questionId']);
    expect(pointers((await put(qe, { questionId: 'P9.1', score: 10 })).body)).toEqual(['/questionId']);
    expect((await put(supA, { questionId: 'P3.1', score: 10 })).status).toBe(403);
    // First P3.1 gets 10, then it is corrected to 4: the trail keeps both.
    expect((await put(qe, { questionId: 'P3.1', score: 10 })).body.status).toBe('in_progress');
    for (const l of sheet) {
      const a = answerOf(l);
      const r = await put(qe, { questionId: l.id, ...(l.step ? { step: l.step } : {}), ...a });
      expect(r.status).toBe(200);
    }
    const view = (await call<AuditView>(qe, 'GET', `/vda63/audits/${auditId}`)).body;
    expect(view.progress).toEqual({ answered: sheet.length, total: sheet.length, notEvaluated: 1 });
    expect(view.provisional).toBe(true);
    const trail = await readAudit(t.stores.duck, { subject: auditId, action: 'vda63.answer' });
    expect(trail).toHaveLength(sheet.length + 1);
    type A = { questionId: string; score: number | null } | null;
    const p31 = trail.filter((e) => (e.after as A)?.questionId === 'P3.1');
    expect(p31.map((e) => [(e.before as A)?.score ?? null, (e.after as A)?.score])).toEqual([
      [null, 10],
      [10, 4],
    ]);
    expect(p31.every((e) => e.actor === qeActor)).toBe(true);
  });

  it('links evidence as snapshots with their SHA-256, and unlinks with a reason', async () => {
    type Shot<D> = EvidenceSummary & { snapshot: { data: D } };
    const link = (body: unknown) =>
      call<EvidenceSummary>(qe, 'POST', `/vda63/audits/${auditId}/evidence`, body);
    const missing = await link({
      questionId: 'P6.6.2',
      step: 'SMT reflow',
      kind: 'trace',
      ref: { id: 'BOARD-1' },
    });
    expect([missing.status, pointers(missing.body)]).toEqual([400, ['/ref/direction']]);
    expect(
      (
        await link({
          questionId: 'P6.6.2',
          step: 'SMT reflow',
          kind: 'trace',
          ref: { id: 'NOPE-9', direction: 'backward' },
        })
      ).status,
    ).toBe(404);
    const tr = await link({
      questionId: 'P6.6.2',
      step: 'SMT reflow',
      kind: 'trace',
      ref: { id: 'BOARD-1', direction: 'backward' },
      note: 'output traceable to its inputs',
    });
    expect(tr.status).toBe(201);
    const live = (await call<TraceAnswer>(qe, 'GET', `/trace/backward?id=BOARD-1`)).body;
    const ev = (await call<Shot<TraceAnswer>>(qe, 'GET', `/vda63/audits/${auditId}/evidence/${tr.body.id}`))
      .body;
    expect(ev.snapshot.data.nodes.map((n) => n.id).sort()).toEqual(live.nodes.map((n) => n.id).sort());
    expect(ev.label).toBe(`Backward trace of BOARD-1 (${live.nodes.length} nodes)`);
    const sc = await link({ questionId: 'P5.3', kind: 'scorecard', ref: { period: 'month', supplier: SA } });
    expect(sc.status).toBe(201);
    const scSnap = (
      await call<Shot<{ rows: ScorecardRow[] }>>(qe, 'GET', `/vda63/audits/${auditId}/evidence/${sc.body.id}`)
    ).body.snapshot;
    const scLive = (
      await call<{ rows: ScorecardRow[] }>(
        qe,
        'GET',
        `/analytics/suppliers/scorecard?period=month&supplier=${encodeURIComponent(SA)}`,
      )
    ).body;
    expect(scSnap.data.rows).toEqual(scLive.rows);
    const spc = await link({ questionId: 'P5.3', kind: 'spc', ref: { chart: 'incoming', period: 'month' } });
    expect(spc.status).toBe(201);
    const wrong = await link({ questionId: 'P5.1', kind: 'spc', ref: { chart: 'incoming' } });
    expect(wrong.status).toBe(201);
    expect(
      pointers(
        (await call(qe, 'POST', `/vda63/audits/${auditId}/evidence/${wrong.body.id}/unlink`, {})).body,
      ),
    ).toEqual(['/reason']);
    const un = await call<AuditView>(
      qe,
      'POST',
      `/vda63/audits/${auditId}/evidence/${wrong.body.id}/unlink`,
      {
        reason: 'linked to the wrong question',
      },
    );
    expect(un.status).toBe(200);
    expect(un.body.removedEvidence.map((e) => [e.id, e.removedReason])).toEqual([
      [wrong.body.id, 'linked to the wrong question'],
    ]);
    expect(
      un.body.sheet
        .filter((l) => l.evidence.length > 0)
        .map((l) => [l.questionId, l.step, l.evidence.length]),
    ).toEqual([
      ['P5.3', null, 2],
      ['P6.6.2', 'SMT reflow', 1],
    ]);
  });

  it('is hidden from suppliers while it runs', async () => {
    expect((await call(supA, 'GET', `/vda63/audits/${auditId}`)).status).toBe(404);
    expect((await call<{ audits: AuditSummary[] }>(supA, 'GET', '/vda63/audits')).body.audits).toEqual([]);
  });

  it('completes with the grade and every downgrade worked out by hand', async () => {
    const by = (pred: (l: Line) => boolean) => compliance(sheet.filter(pred));
    const E: Record<string, number> = {
      P3: by((l) => l.element === 'P3'),
      P4: by((l) => l.element === 'P4'),
      P5: by((l) => l.element === 'P5'),
      P6: (by((l) => l.step === STEPS[0]) + by((l) => l.step === STEPS[1])) / 2,
      P7: by((l) => l.element === 'P7'),
    };
    expect(E).toEqual({ P3: 80, P4: 100, P5: (26 / 30) * 100, P6: 94, P7: 100 });
    const EG = Object.values(E).reduce((s, x) => s + x, 0) / 5;
    const E62 = by((l) => l.sub === '6.2');
    expect(E62).toBe(75);
    const done = await call<AuditView>(qe, 'POST', `/vda63/audits/${auditId}/complete`, {
      note: 'closing meeting held',
    });
    expect(done.status).toBe(200);
    const r = done.body.result!;
    expect(done.body.status).toBe('completed');
    expect(done.body.provisional).toBe(false);
    expect(r.elements.map((e) => [e.element, e.compliance?.percent])).toEqual(
      Object.entries(E).map(([k, v]) => [k, Math.round(v * 10) / 10]),
    );
    expect(r.overall?.percent).toBe(Math.round(EG * 10) / 10);
    expect(r.gradeBeforeDowngrade).toBe(EG >= 90 ? 'A' : 'B');
    expect(r.grade).toBe('B');
    expect(r.downgrades.map((d) => [d.rule, d.to])).toEqual([
      ['starred-scored-4', 'B'],
      ['scored-0', 'B'],
      ['compliance-below-80', 'B'],
    ]);
    expect(r.downgrades[2]?.reason).toBe('below 80 %: E_U6.2 = 75.0 % (at best B)');
    expect(done.body.findings.map((f) => [f.questionId, f.step ?? null, f.score])).toEqual([
      ['P6.2.2', 'SMT reflow', 0],
      ['P3.1', null, 4],
      ['P5.3', null, 6],
      ['P6.4.1', 'Final test', 8],
    ]);
    // Final from now on.
    expect(
      (await call(qe, 'PUT', `/vda63/audits/${auditId}/answers`, { questionId: 'P3.1', score: 10 })).status,
    ).toBe(409);
    expect(
      (
        await call(qe, 'POST', `/vda63/audits/${auditId}/evidence`, {
          questionId: 'P3.1',
          kind: 'spc',
          ref: { chart: 'incoming' },
        })
      ).status,
    ).toBe(409);
    expect((await call(qe, 'POST', `/vda63/audits/${auditId}/complete`, {})).status).toBe(409);
  });

  it('raises actions on findings into the owners’ inboxes, and escalates them when overdue', async () => {
    const raise = (body: unknown) => call<ActionView>(qe, 'POST', `/vda63/audits/${auditId}/actions`, body);
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const notFinding = await raise({ questionId: 'P4.1', action: 'x', owner: { userId: peId }, dueAt: due });
    expect([notFinding.status, pointers(notFinding.body)]).toEqual([400, ['/questionId']]);
    const past = await raise({
      questionId: 'P3.1',
      action: 'x',
      owner: { userId: 'U-nobody' },
      dueAt: '2020-01-01',
    });
    expect(pointers(past.body)).toEqual(['/dueAt', '/owner/userId']);
    const a1 = await raise({
      questionId: 'P3.1',
      action: 'Review customer requirements with sales before each quotation',
      owner: { userId: peId },
      dueAt: due,
    });
    expect(a1.status).toBe(201);
    expect(a1.body).toMatchObject({
      id: `${auditId}-A1`,
      state: 'open',
      owner: { userId: peId },
      dueAt: due,
    });
    const a2 = await raise({
      questionId: 'P6.2.2',
      step: 'SMT reflow',
      action: 'Add a reaction plan for reflow profile deviations',
      owner: { supplier: true },
      dueAt: due,
    });
    expect(a2.body).toMatchObject({ id: `${auditId}-A2`, owner: { supplierId: SA } });
    const inbox = async (token: string) =>
      (await call<Inbox>(token, 'GET', '/inbox')).body.tasks
        .filter((x) => x.workflow === 'vda63-action')
        .map((x) => [x.instanceId, x.dueAt]);
    expect(await inbox(pe)).toEqual([[`${auditId}-A1`, due]]);
    expect(await inbox(supA)).toEqual([[`${auditId}-A2`, due]]);
    expect(await inbox(supB)).toEqual([]);
    // The supplier reports its action done; quality verifies it.
    const take = (token: string, id: string, transition: string) =>
      call<InstanceView>(token, 'POST', `/workflow-instances/${id}/transitions`, {
        transition,
        comment: `${transition} with evidence`,
      });
    expect((await take(supB, `${auditId}-A2`, 'complete')).status).toBe(404);
    expect((await take(supA, `${auditId}-A2`, 'complete')).body.instance.state).toBe('done');
    expect((await take(qe, `${auditId}-A2`, 'verify')).body.instance.state).toBe('verified');
    // The process engineer's action is overdue a week and a day from now.
    const report = await escalateOverdue(t, new Date(Date.now() + 8 * 86_400_000));
    expect(report.escalated.map((e) => e.instanceId)).toEqual([`${auditId}-A1`]);
    const view = (await call<AuditView>(qe, 'GET', `/vda63/audits/${auditId}`)).body;
    expect(view.actions.map((x) => [x.id, x.state])).toEqual([
      [`${auditId}-A1`, 'open'],
      [`${auditId}-A2`, 'verified'],
    ]);
    expect(view.findings.map((f) => [f.questionId, f.actions])).toEqual([
      ['P6.2.2', [`${auditId}-A2`]],
      ['P3.1', [`${auditId}-A1`]],
      ['P5.3', []],
      ['P6.4.1', []],
    ]);
    expect(view.openActions).toBe(1);
  });

  it('shows supplier S-A its completed audit without evidence, and S-B nothing', async () => {
    const a = await call<AuditView>(supA, 'GET', `/vda63/audits/${auditId}`);
    expect(a.status).toBe(200);
    expect(a.body.result?.grade).toBe('B');
    expect(a.body.sheet.every((l) => l.evidence.length === 0)).toBe(true);
    expect(a.body.removedEvidence).toEqual([]);
    expect(
      (await call<{ audits: AuditSummary[] }>(supA, 'GET', '/vda63/audits')).body.audits.map((x) => x.id),
    ).toEqual([auditId]);
    const evId = (await call<AuditView>(qe, 'GET', `/vda63/audits/${auditId}`)).body.sheet.find(
      (l) => l.evidence.length > 0,
    )!.evidence[0]!.id;
    expect((await call(supA, 'GET', `/vda63/audits/${auditId}/evidence/${evId}`)).status).toBe(404);
    expect((await call(supA, 'GET', `/vda63/audits/${auditId}/evidence-pack`)).status).toBe(403);
    expect((await call(supB, 'GET', `/vda63/audits/${auditId}`)).status).toBe(404);
    expect((await call<{ audits: AuditSummary[] }>(supB, 'GET', '/vda63/audits')).body.audits).toEqual([]);
  });

  it('exports an evidence pack whose files match their manifest and the hashes recorded at linking', async () => {
    expect((await call(pe, 'GET', `/vda63/audits/${auditId}/evidence-pack`)).status).toBe(403);
    const res = await call(auditor, 'GET', `/vda63/audits/${auditId}/evidence-pack`);
    expect(res.status).toBe(200);
    const files = unzipSync(res.bytes!);
    const names = Object.keys(files).map((n) => n.slice(`${auditId}/`.length));
    expect(names.sort()).toEqual(
      [
        'actions.csv',
        'answers.csv',
        'audit-trail.csv',
        'audit.json',
        'evidence.csv',
        'evidence/001-scorecard-scorecard.csv',
        'evidence/001-scorecard.html',
        'evidence/001-scorecard.json',
        'evidence/002-spc-points.csv',
        'evidence/002-spc.html',
        'evidence/002-spc.json',
        'evidence/003-trace-edges.csv',
        'evidence/003-trace-nodes.csv',
        'evidence/003-trace.html',
        'evidence/003-trace.json',
        'findings.csv',
        'index.html',
        'manifest.json',
      ].sort(),
    );
    const text = (n: string) => strFromU8(files[`${auditId}/${n}`]!);
    const manifest = JSON.parse(text('manifest.json'));
    for (const [n, h] of Object.entries(manifest.files))
      expect([n, sha256(files[`${auditId}/${n}`]!)]).toEqual([n, h]);
    expect(Object.keys(manifest.files)).toHaveLength(names.length - 1);
    const view = (await call<AuditView>(qe, 'GET', `/vda63/audits/${auditId}`)).body;
    const recorded = view.sheet.flatMap((l) => l.evidence.map((e) => e.sha256));
    expect(
      ['001-scorecard', '002-spc', '003-trace'].map((n) => manifest.files[`evidence/${n}.json`]),
    ).toEqual(recorded);
    const index = text('index.html');
    expect(index).toContain('Grade <span class="grade">B</span>');
    expect(index).toContain('below 80 %: E_U6.2 = 75.0 % (at best B)');
    const answers = text('answers.csv').trim().split('\n');
    expect(answers).toHaveLength(sheet.length + 1);
    expect(answers.find((l) => l.startsWith('P7,,P7.3,'))).toContain(
      'not evaluated,no field data for this product yet',
    );
    const trail = text('audit-trail.csv');
    for (const action of [
      'vda63.audit.plan',
      'vda63.answer',
      'vda63.evidence.link',
      'vda63.evidence.unlink',
      'vda63.audit.complete',
      'vda63.action.raise',
      'workflow.transition',
      'task.escalate',
      'vda63.evidence-pack.export',
    ])
      expect([action, trail.includes(`,${action},`)]).toEqual([action, true]);
  });
});
