// Process audits (VDA 6.3) in a real browser against the real server and stores, on the small 8D
// plant: a quality engineer creates a programme and plans an audit of supplier A (a plan without a
// title refused at its field, nothing stored), answers questions on the sheet (a question not
// evaluated without a reason refused), links the backward trace of BOARD-1 as evidence, completes
// the audit and sees the grade and its downgrade, raises an action for the supplier and downloads
// the evidence pack; supplier A's user sees the completed audit without evidence and the action in
// its inbox; supplier B's user sees nothing. Expected figures are worked out here from the answers.
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { exampleCatalogue, questionsOf } from '../../domain/vda63.ts';
import { ingestDocument } from '../../etl/ingest.ts';
import { SUPPLIER_A, SUPPLIER_B, eightDPlant } from '../builders/eightd.builder.ts';
import { adminFetch, createUser } from '../support/auth.ts';
import { expectRows, screenshot, tableRows, TestBrowser } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

const QUINN = { username: 'quinn', password: 'quinn-quality-1', displayName: 'Quinn Quality' };
const SAM = { username: 'sam', password: 'sam-alpha-supplier-1', displayName: 'Sam at Alpha' };
const BEA = { username: 'bea', password: 'bea-beta-supplier-1', displayName: 'Bea at Beta' };
const POLL = { timeout: 10_000 };
const STEPS = ['SMT reflow', 'Final test'];
const AUDIT = 'PA-2026-0001';
const TITLE = 'Alpha capacitor line';

let t: TestStores;
let server: TestServer | undefined;
let browser: TestBrowser | undefined;

beforeAll(async () => {
  t = await openTestStores();
  await ingestDocument(t.stores, t.projector, eightDPlant(), { source: 'test' });
  server = await startTestServer(t, { loginAttemptsPerWindow: 1000 });
  await createUser(server.base, { ...QUINN, role: 'quality_engineer' });
  await createUser(server.base, { ...SAM, role: 'supplier', supplierId: SUPPLIER_A.id });
  await createUser(server.base, { ...BEA, role: 'supplier', supplierId: SUPPLIER_B.id });
  browser = await TestBrowser.launch();
});
afterEach(async () => browser?.endTest());
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

const signedIn = (who: { username: string; password: string }, path: string) =>
  browser!.signedIn(server!.base, who, path);

async function api(method: string, path: string, body?: unknown) {
  const res = await adminFetch(`${server!.base}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

// The in-scope questions (P2 left out), P6 once per step.
const sheet: { element: string; id: string; step: string | null }[] = questionsOf(exampleCatalogue)
  .filter((e) => e.element !== 'P2')
  .flatMap((e): { element: string; id: string; step: string | null }[] =>
    e.element === 'P6'
      ? STEPS.map((step) => ({ element: e.element, id: e.question.id, step }))
      : [{ element: e.element, id: e.question.id, step: null as string | null }],
  );
// Quality answers P3.1 (starred) with 4 and P7.3 "not evaluated" in the browser; the rest is 10.
const E_P3 = ((4 + 10 + 10) / 30) * 100;
const E_G = (E_P3 + 100 + 100 + 100 + 100) / 5;

describe('process audits in the browser', () => {
  it('plans, answers with evidence, completes and actions an audit', async () => {
    const page = await signedIn(QUINN, '/audits');
    await page.getByRole('button', { name: 'New programme' }).click();
    const prog = page.getByRole('form', { name: 'New audit programme' });
    await prog.getByLabel('Title').fill('Supplier audits 2026');
    await prog.getByLabel('Year').fill('2026');
    await prog.getByRole('button', { name: 'Create' }).click();
    await expect
      .poll(() => page.getByRole('list', { name: 'Audit programmes' }).innerText(), POLL)
      .toContain('AP-2026-01 Supplier audits 2026');

    await page.getByRole('button', { name: 'Plan an audit' }).click();
    const plan = page.getByRole('form', { name: 'Plan a process audit' });
    await plan.getByLabel('Supplier').selectOption({ label: SUPPLIER_A.name });
    await plan.getByLabel('Audited process').fill('Capacitor production, line 2');
    await plan.getByLabel('Process steps').fill(STEPS.join('\n'));
    await plan.getByLabel('P2').check();
    await plan.getByLabel('Why P2 is left out').fill('series product, no project running');
    await plan.getByLabel('Planned on').fill('2026-03-10');
    await plan.getByLabel('Lead auditor').fill('Quinn Quality');
    // No title: refused at its field, nothing stored.
    await plan.getByRole('button', { name: 'Plan the audit' }).click();
    await expect.poll(() => plan.getByRole('alert').innerText(), POLL).toContain('Title');
    expect(((await api('GET', '/api/vda63/audits')) as { audits: unknown[] }).audits).toEqual([]);
    await plan.getByLabel('Title').fill(TITLE);
    await plan.getByRole('button', { name: 'Plan the audit' }).click();
    await page.waitForURL(`**/audits/${AUDIT}`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).innerText(), POLL)
      .toBe(`${TITLE} ${AUDIT}`);

    // P3.1 scored 4 on the sheet.
    const p31 = page.getByRole('form', { name: 'Question P3.1' });
    await p31.getByRole('radio', { name: '4' }).check();
    await p31.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'P3.1' }).innerText(), POLL)
      .toBe('P3.1: scored 4.');
    // P7.3 not evaluated needs a reason.
    const p73 = page.getByRole('form', { name: 'Question P7.3' });
    await p73.getByRole('radio', { name: 'n.e.' }).check();
    await p73.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => p73.getByRole('alert').innerText(), POLL).toContain('reason why');
    await p73.getByLabel(/Why P7\.3/).fill('no field data for this product yet');
    await p73.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'P7.3' }).innerText(), POLL)
      .toBe('P7.3: not evaluated.');

    // Evidence: the backward trace of BOARD-1 for P6.6.2 at SMT reflow.
    const q = page.getByRole('form', { name: 'Question P6.6.2 at SMT reflow' });
    await q.getByRole('button', { name: 'Link evidence' }).click();
    const link = page.getByRole('form', { name: 'Link evidence' });
    await link.getByLabel('Lot, unit or container').fill('BOARD-1');
    await link.getByRole('button', { name: 'Link' }).click();
    const trace = (await api('GET', '/api/trace/backward?id=BOARD-1')) as { nodes: unknown[] };
    await expect
      .poll(() => q.getByRole('list', { name: 'Evidence for P6.6.2 at SMT reflow' }).innerText(), POLL)
      .toContain(`Backward trace of BOARD-1 (${trace.nodes.length} nodes)`);

    // The rest answered 10 through the API, then the page shows the provisional result.
    for (const l of sheet)
      if (l.id !== 'P3.1' && l.id !== 'P7.3')
        await api('PUT', `/api/vda63/audits/${AUDIT}/answers`, {
          questionId: l.id,
          ...(l.step ? { step: l.step } : {}),
          score: 10,
        });
    await page.reload();
    await expect
      .poll(() => page.getByRole('heading', { name: /^Result/ }).innerText(), POLL)
      .toBe('Result (provisional: the audit is not completed)');
    await page
      .getByRole('form', { name: 'Complete the audit' })
      .getByRole('button', { name: 'Complete the audit' })
      .click();
    await expect.poll(() => page.getByRole('heading', { name: /^Result/ }).innerText(), POLL).toBe('Result');
    expect(await page.getByLabel(/^Grade /).innerText()).toBe('B');
    expect(await page.locator('.audit-grade').innerText()).toBe(
      `B EG ${E_G.toFixed(1)} % (${E_G >= 90 ? 'A' : 'B'} before downgrading)`,
    );
    expect(await page.getByRole('list', { name: 'Downgrades' }).innerText()).toBe(
      'B: starred question scored 4: P3.1 (at best B)',
    );
    await expectRows(page, 'Compliance by element', [
      ['P3 Planning of product and process development', '3', '3', `${E_P3.toFixed(1)} %`],
      ['P4 Carrying out product and process development', '3', '3', '100.0 %'],
      ['P5 Supplier management', '3', '3', '100.0 %'],
      [
        'P6 Production process analysis',
        String(sheet.filter((l) => l.step).length),
        String(sheet.filter((l) => l.step).length),
        '100.0 %',
      ],
      ['P7 Customer support and satisfaction', '3', '2', '100.0 %'],
    ]);
    expect((await tableRows(page, 'Findings')).map((r) => r.slice(0, 2))).toEqual([['P3.1 ★', '4']]);
    // Final: no more score inputs to change.
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);

    // An action for the supplier.
    await page.getByRole('button', { name: 'Raise an action' }).click();
    const act = page.getByRole('form', { name: 'Raise an action' });
    await act.getByLabel('What is to be done').fill('Review customer requirements before each quotation');
    await act.getByLabel('Owner').selectOption({ label: `The supplier: ${SUPPLIER_A.name}` });
    await act.getByLabel('Due on').fill('2099-01-31');
    await act.getByRole('button', { name: 'Raise the action' }).click();
    await expectRows(page, 'Actions', [
      [
        `${AUDIT}-A1`,
        'P3.1',
        'Review customer requirements before each quotation',
        `supplier ${SUPPLIER_A.name}`,
        '<time>',
        'open',
      ],
    ]);
    await screenshot(page, 'process-audit');

    // The evidence pack.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Evidence pack (zip)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${AUDIT}-evidence-pack.zip`);
    const files = unzipSync(readFileSync((await download.path())!));
    expect(Object.keys(files)).toContain(`${AUDIT}/evidence/001-trace.json`);
    expect(strFromU8(files[`${AUDIT}/index.html`]!)).toContain('Grade <span class="grade">B</span>');
  });

  it('shows supplier A its completed audit without evidence, and supplier B nothing', async () => {
    const sam = await signedIn(SAM, '/audits');
    await expect
      .poll(async () => (await tableRows(sam, 'Audits')).map((r) => [r[0], r[5]]), POLL)
      .toEqual([[`${AUDIT} ${TITLE}`, 'B']]);
    await sam.getByRole('link', { name: `${AUDIT} ${TITLE}` }).click();
    await expect.poll(() => sam.getByLabel(/^Grade /).innerText(), POLL).toBe('B');
    expect(await sam.getByRole('button', { name: 'Link evidence' }).count()).toBe(0);
    expect(await sam.getByText(/Backward trace of BOARD-1/).count()).toBe(0);
    expect(await sam.getByRole('link', { name: 'Evidence pack (zip)' }).count()).toBe(0);
    await sam.goto('/inbox');
    await expect.poll(() => sam.getByText(`${AUDIT}-A1`).count(), POLL).toBeGreaterThan(0);

    const bea = await signedIn(BEA, '/audits');
    await expect
      .poll(async () => tableRows(bea, 'Audits'), POLL)
      .toEqual([['No completed audit of yours yet.']]);
    await bea.goto(`/audits/${AUDIT}`);
    await expect
      .poll(() => bea.getByRole('alert').innerText(), POLL)
      .toBe(`No process audit is known as "${AUDIT}"`);
  });
});
