// The demo plants come with one 8D case: on the planted capacitor lot, opened by the demo quality
// engineer (as the server itself: actor cli:quality), D0–D2 answered, assigned to the capacitor
// supplier, whose demo user sees it and may answer D3; one completed process audit of that
// supplier, with evidence from the demo's records and an action waiting in the supplier's portal;
// and quality notices drafted on that lot, one per customer its recall scope reached and one to
// the capacitor supplier that links the open 8D case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../analytics/audit.store.ts';
import { Identity } from '../../api/auth/identity.service.ts';
import type { Config } from '../../api/config.ts';
import {
  createDemoUsers,
  DEMO_USERS,
  loadDemoIfEmpty,
  openDemoAudit,
  openDemoEightD,
  raiseDemoNotices,
} from '../../api/server.ts';
import { auditSummaries, getAudit } from '../../api/services/vda63.service.ts';
import { inboxFor } from '../../api/services/workflow.service.ts';
import { getEightD, listEightDCases } from '../../api/services/eightd.service.ts';
import { getNotice, listNoticeSummaries, type CustomerContent } from '../../api/services/notice.service.ts';
import { recallScope } from '../../api/services/trace.service.ts';
import type { DemoFacts } from '../../etl/demo/demo.generator.ts';
import type { Principal } from '../../domain/roles.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

let t: TestStores;
let identity: Identity;
let facts: DemoFacts;
let caseId: string | null;
let auditId: string | null;
let batch: string | null;
const supplierOf = DEMO_USERS.find((u) => u.role === 'supplier')!.supplierId!;

async function principal(username: string): Promise<Principal> {
  const u = (await identity.listUsers()).find((x) => x.username === username)!;
  return { ...u, userId: u.id, via: 'session' };
}

beforeAll(async () => {
  t = await openTestStores();
  identity = new Identity(t.stores.duck);
  const cfg = { demoScale: 0.2, demoSeed: 1 } as Config;
  facts = (await loadDemoIfEmpty(t, cfg, () => {}))!;
  await createDemoUsers(identity, () => {});
  caseId = await openDemoEightD(t, identity, facts, () => {});
  auditId = await openDemoAudit(t, identity, facts, caseId, () => {});
  batch = await raiseDemoNotices(t, identity, facts, () => {});
});
afterAll(async () => t?.close());

describe('the demo 8D case', () => {
  it('is open on the planted capacitor lot, at D3 with its supplier, D0–D2 answered by quality', async () => {
    expect(caseId).toMatch(/^8D-\d{4}-\d+$/);
    const quality = await principal('quality');
    const c = await getEightD(t, quality, caseId!);
    expect(c.lots).toEqual([facts.badCapacitorLot]);
    expect(c.supplierId).toBe(supplierOf);
    expect(c.state).toBe('d3');
    expect(c.steps.map((s) => [s.step, s.status])).toEqual([
      ['d0', 'done'],
      ['d1', 'done'],
      ['d2', 'done'],
      ['d3', 'current'],
      ['d4', 'pending'],
      ['d5', 'pending'],
      ['d6', 'pending'],
      ['d7', 'pending'],
      ['d8', 'pending'],
    ]);
    expect(c.steps.slice(0, 3).map((s) => s.answer?.actor)).toEqual([
      'cli:quality',
      'cli:quality',
      'cli:quality',
    ]);
    // The evidence names the lot and its supplier.
    expect(c.evidence.objects.map((o) => [o.id, o.suppliers.map((s) => s.id)])).toEqual([
      [facts.badCapacitorLot, [supplierOf]],
    ]);
    const audit = await readAudit(t.stores.duck, { subject: caseId! });
    expect(audit.map((a) => a.action)).toContain('eightd.open');
  });

  it('shows on the portal of the capacitor supplier, who answers D3 next', async () => {
    const supplier = await principal('supplier');
    expect((await listEightDCases(t.stores.duck, supplier)).map((c) => c.id)).toEqual([caseId]);
    const c = await getEightD(t, supplier, caseId!);
    expect(c.steps.find((s) => s.step === 'd3')!.canAnswer).toBe(true);
  });
});

describe('the demo process audit', () => {
  it('is completed with grade B for the starred question scored 4, with evidence from the demo', async () => {
    const quality = await principal('quality');
    const a = await getAudit(t, quality, auditId!);
    expect([a.status, a.supplierId, a.progress.answered, a.progress.total]).toEqual([
      'completed',
      supplierOf,
      a.progress.total,
      // P3–P5 and P7: 3 questions each; P6: 10 questions at 2 steps
      4 * 3 + 10 * 2,
    ]);
    // E_G by hand: P3, P4 100; P5 (10+10+8)/30; P6 the mean of (100−2) and (100−6); P7 100.
    const eg = (100 + 100 + (28 / 30) * 100 + (98 + 94) / 2 + 100) / 5;
    expect(a.result!.overall!.percent).toBe(Math.round(eg * 10) / 10);
    expect([a.result!.gradeBeforeDowngrade, a.result!.grade]).toEqual(['A', 'B']);
    expect(a.result!.downgrades.map((d) => d.rule)).toEqual(['starred-scored-4']);
    expect(
      a.sheet
        .flatMap((l) => l.evidence.map((e) => [l.questionId, e.kind]))
        .sort((x, y) => (x.join() < y.join() ? -1 : 1)),
    ).toEqual([
      ['P5.3', 'scorecard'],
      ['P6.1.1', 'spc'],
      ['P6.6.2', 'trace'],
      ['P7.2', 'eightd'],
    ]);
    expect(
      a.actions.map((x) => [x.questionId, x.step, 'supplierId' in x.owner && x.owner.supplierId]),
    ).toEqual([['P6.6.1', 'Electrical test and packing', supplierOf]]);
  });

  it("shows in the capacitor supplier's portal, with its action in the supplier's inbox", async () => {
    const supplier = await principal('supplier');
    expect((await auditSummaries(t.stores.duck, supplier)).map((x) => x.id)).toEqual([auditId]);
    const inbox = await inboxFor(t.stores.duck, supplier);
    expect(inbox.tasks.filter((x) => x.workflow === 'vda63-action').map((x) => x.instanceId)).toEqual([
      `${auditId}-A1`,
    ]);
  });
});

describe('the demo notices', () => {
  it("are drafts on the planted lot: one per customer of its scope with that customer's shipments, one to its supplier linking the 8D case", async () => {
    const quality = await principal('quality');
    const list = await listNoticeSummaries(t.stores.duck, quality, { batch: batch! });
    const scope = await recallScope(t.stores.graph, facts.badCapacitorLot);
    expect(scope.customers.length).toBeGreaterThan(0);
    expect(list.map((n) => n.status)).toEqual(list.map(() => 'draft'));
    expect(list.filter((n) => n.kind === 'supplier').map((n) => n.party.id)).toEqual([supplierOf]);
    const customers = list.filter((n) => n.kind === 'customer');
    expect(customers.map((n) => n.party.id).sort()).toEqual(scope.customers.map((c) => c.id).sort());
    for (const n of customers) {
      const c = (await getNotice(t, quality, n.id)).content as CustomerContent;
      expect(c.shipments.map((s) => s.id)).toEqual(
        scope.customers.find((x) => x.id === n.party.id)!.shipments,
      );
    }
    const s = await getNotice(t, quality, list.find((n) => n.kind === 'supplier')!.id);
    expect(s.openEightD).toBe(caseId);
    // drafts: the supplier's demo user sees none yet
    expect(await listNoticeSummaries(t.stores.duck, await principal('supplier'))).toEqual([]);
  });
});
