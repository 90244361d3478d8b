// The 8D pages in a real browser (Chromium) against the real server and stores, on the small 8D
// plant (test/builders/eightd.builder.ts): a quality engineer opens an 8D from lot CAP-1 on the
// board (an unknown lot refused first), answers D0–D2 with the step forms and assigns the case to
// supplier A; supplier A's user finds it in column D3 on the board and answers containment, a
// required field left empty first (the message at the field, nothing stored) and then in full;
// supplier B's user sees no case and gets a not-found on the case's address; the printable report
// shows every answered step's answers, who answered and when, and prints without the app's
// navigation; links from other pages open the form prefilled, and a case opened from the board
// lot shows its trace link and the reflow's process parameter in the evidence.
// With LOTGRAPH_SCREENSHOTS=1 it also saves screenshots under docs/screenshots/.
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingestDocument } from '../../etl/ingest.ts';
import {
  BOARD,
  CAP,
  CAP_INSPECTION,
  REFLOW,
  SUPPLIER_A,
  SUPPLIER_B,
  eightDPlant,
} from '../builders/eightd.builder.ts';
import { adminFetch, createUser } from '../support/auth.ts';
import { screenshot, tableRows, TestBrowser } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

const QUINN = { username: 'quinn', password: 'quinn-quality-1', displayName: 'Quinn Quality' };
const SAM = { username: 'sam', password: 'sam-alpha-supplier-1', displayName: 'Sam at Alpha' };
const BEA = { username: 'bea', password: 'bea-beta-supplier-1', displayName: 'Bea at Beta' };
const POLL = { timeout: 10_000 };

const YEAR = new Date().getUTCFullYear();
const CASE_ID = `8D-${YEAR}-0001`;
const BOARD_CASE_ID = `8D-${YEAR}-0002`;
const TITLE = 'Cracked capacitors';
const DESCRIPTION = 'Incoming inspection found cracked capacitors in CAP-1.';
const CARD = `${CASE_ID} ${TITLE}`;

// The board's columns, as the '8d' workflow names its steps.
const COLUMNS = [
  'D0 Emergency response',
  'D1 Team',
  'D2 Problem description (5W2H)',
  'D3 Containment',
  'D4 Root cause',
  'D5 Chosen corrective actions',
  'D6 Implemented and verified actions',
  'D7 Prevention of recurrence',
  'D8 Closure and recognition',
  'Closed',
];
const [D0, D1, D2, D3, D4] = COLUMNS as [string, string, string, string, string];
/** The board with `cards` in the columns they name, every other column empty. */
const boardWith = (cards: Record<string, string[]> = {}) => COLUMNS.map((c) => [c, cards[c] ?? []]);

// What quality and the supplier answer, field label by field label, as typed.
const D0_ANSWER = { 'Emergency response actions': 'Blocked all CAP-1 stock', 'Customer informed': 'Yes' };
const D1_ANSWER = {
  Champion: 'Plant manager',
  'Team leader': 'Quinn Quality',
  'Team members and their roles': 'SQE, process engineer, supplier QA',
};
const D2_ANSWER = {
  'What is the problem?': 'Cracked capacitors',
  'Where was it found?': 'Incoming inspection',
  'When was it found?': 'March 2025',
  'How many are affected?': '3',
};
const D3_ANSWER = {
  'Containment actions': '100 % sorting at Alpha; stock blocked',
  'Suspect quantity': '1000',
  'Defective found': '7',
  'Effective from': '2025-03-02',
};
// The answers as the report reads them: every field of the form, '—' for those left empty.
const D0_SHOWN = Object.entries(D0_ANSWER);
const D1_SHOWN = Object.entries(D1_ANSWER);
const D2_SHOWN = [
  ['What is the problem?', D2_ANSWER['What is the problem?']],
  ['Where was it found?', D2_ANSWER['Where was it found?']],
  ['When was it found?', D2_ANSWER['When was it found?']],
  ['Who found it, who is affected?', '—'],
  ['Why is it a problem?', '—'],
  ['How was it found?', '—'],
  ['How many are affected?', D2_ANSWER['How many are affected?']],
];
const D3_SHOWN = Object.entries(D3_ANSWER);

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

async function api<T>(path: string): Promise<T> {
  const res = await adminFetch(`${server!.base}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

// A time as the web app shows it, anywhere in a text.
const TIME = /\d{4}-\d\d-\d\d \d\d:\d\d UTC/g;
const untimed = (s: string) => s.replace(TIME, '<time>').trim();

/** The board, column by column: its name and the names of its cards. */
const boardOf = (page: Page) =>
  page
    .locator('.eightd-board')
    .getByRole('region')
    .evaluateAll((cols) =>
      cols.map((c) => [
        c.getAttribute('aria-label'),
        [...c.querySelectorAll('article')].map((a) => a.getAttribute('aria-label')),
      ]),
    );

/** A description list's rows: label and value, times as <time>. */
async function factsOf(dl: Locator): Promise<string[][]> {
  const rows = await dl
    .locator(':scope > div')
    .evaluateAll((ds) =>
      ds.map((d) => [
        (d.querySelector('dt') as HTMLElement).innerText,
        (d.querySelector('dd') as HTMLElement).innerText,
      ]),
    );
  return rows.map(([k, v]) => [k!, untimed(v!)]);
}

/** The steps of the case page: title and status. */
const stepsOf = (page: Page) =>
  page
    .getByRole('list', { name: 'Steps' })
    .getByRole('region')
    .evaluateAll((ss) =>
      ss.map((s) => [
        (s.querySelector('h3') as HTMLElement).innerText,
        (s.querySelector('.eightd-step-status .badge') as HTMLElement).innerText,
      ]),
    );
const statuses = (current: number) =>
  COLUMNS.slice(0, 9).map((c, i) => [c, i < current ? 'Done' : i === current ? 'Current step' : 'Pending']);

const step = (page: Page, title: string) =>
  page.getByRole('list', { name: 'Steps' }).getByRole('region', { name: title });
const answerOf = (page: Page, title: string) => factsOf(step(page, title).locator('dl.form-submission'));

/** Fills a step's form field by field (a Yes/No field by its choice) and saves it. */
async function answer(page: Page, title: string, values: Record<string, string>) {
  const form = page.getByRole('form', { name: `Answer ${title}` });
  for (const [label, value] of Object.entries(values)) {
    if (value === 'Yes' || value === 'No')
      await form
        .getByRole('group', { name: new RegExp(`^${label}`) })
        .getByLabel(value)
        .check();
    else await form.getByLabel(new RegExp(`^${label.replace(/[?()]/g, '\\$&')}`)).fill(value);
  }
  await form.getByRole('button', { name: `Save ${title.slice(0, 2)}` }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `${title} answered.` })
    .waitFor(POLL);
}

interface CaseAnswer {
  state: string;
  supplierId: string | null;
  steps: {
    step: string;
    answer: { actor: string; submission: { data: Record<string, unknown> } | null } | null;
  }[];
}

describe('8D in the browser', () => {
  it('a quality engineer opens an 8D from a lot on the board, answers D0–D2 and assigns it to supplier A', async () => {
    const page = await signedIn(QUINN, '/8d');
    await expect.poll(() => boardOf(page), POLL).toEqual(boardWith());

    await page.getByRole('button', { name: 'Open an 8D' }).click();
    const dialog = page.getByRole('dialog', { name: 'Open an 8D' });
    expect(await dialog.getByLabel('Opened from').inputValue()).toBe('lot');
    await dialog.getByLabel('Lot', { exact: true }).fill('CAP-9');
    await dialog.getByLabel('Title').fill(TITLE);
    await dialog.getByLabel('Description (optional)').fill(DESCRIPTION);
    await dialog.getByRole('button', { name: 'Open the 8D' }).click();
    // An unknown lot: the API's answer, and no case.
    const refusal = dialog.getByRole('alert');
    await refusal.waitFor(POLL);
    expect(await refusal.innerText()).toBe('No lot, unit or container is known as "CAP-9"');
    expect(await api<{ cases: unknown[] }>('/api/8d')).toEqual({ cases: [] });

    await dialog.getByLabel('Lot', { exact: true }).fill(CAP.code);
    await dialog.getByRole('button', { name: 'Open the 8D' }).click();
    await page.waitForURL(`**/8d/${CASE_ID}`, POLL);
    await page.getByRole('heading', { name: `${TITLE} ${CASE_ID}`, level: 1 }).waitFor(POLL);
    const facts = page.locator('dl[aria-label="Case"]');
    await expect
      .poll(() => factsOf(facts), POLL)
      .toEqual([
        ['State', D0],
        ['Supplier', 'not assigned'],
        ['Opened from', `lot ${CAP.code}`],
        ['Opened', '<time> by user:quinn'],
        ['Contained', 'not yet'],
        ['Closed', 'not yet'],
        ['Due', '<time>'],
        ['Description', DESCRIPTION],
      ]);
    expect(await stepsOf(page)).toEqual(statuses(0));

    await answer(page, D0, D0_ANSWER);
    await answer(page, D1, D1_ANSWER);
    await answer(page, D2, D2_ANSWER);
    await expect.poll(() => stepsOf(page), POLL).toEqual(statuses(3));
    expect(await answerOf(page, D0)).toEqual(D0_SHOWN);
    expect(await answerOf(page, D1)).toEqual(D1_SHOWN);
    expect(await answerOf(page, D2)).toEqual(D2_SHOWN);
    expect(untimed(await step(page, D2).locator('.eightd-answered').innerText())).toMatch(
      /^Answered by user:quinn, <time> · record$/,
    );

    // Assigned to supplier A: D3 is the supplier's now.
    const assign = page.getByRole('form', { name: 'Assign to a supplier' });
    await assign.getByLabel('Supplier').selectOption({ label: SUPPLIER_A.name });
    await assign.getByLabel('Reason (optional)').fill('Supplier lot, supplier containment');
    await assign.getByRole('button', { name: 'Assign' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Assigned to ${SUPPLIER_A.name}.` })
      .waitFor(POLL);
    await expect
      .poll(async () => (await factsOf(facts)).find(([k]) => k === 'Supplier'), POLL)
      .toEqual(['Supplier', SUPPLIER_A.name]);
    expect(untimed(await step(page, D3).locator('.eightd-step-status').innerText())).toBe(
      `Current step answered by the supplier (${SUPPLIER_A.name}) · due <time>`,
    );

    // Stored as entered: quality answered D0–D2 with exactly these values, the case is S-A's.
    const stored = await api<CaseAnswer>(`/api/8d/${CASE_ID}`);
    expect([stored.state, stored.supplierId]).toEqual(['d3', SUPPLIER_A.id]);
    expect(stored.steps.slice(0, 3).map((s) => [s.answer?.actor, s.answer?.submission?.data])).toEqual([
      ['user:quinn', { emergencyActions: D0_ANSWER['Emergency response actions'], customerInformed: true }],
      [
        'user:quinn',
        {
          champion: D1_ANSWER.Champion,
          teamLeader: D1_ANSWER['Team leader'],
          members: D1_ANSWER['Team members and their roles'],
        },
      ],
      [
        'user:quinn',
        {
          what: D2_ANSWER['What is the problem?'],
          where: D2_ANSWER['Where was it found?'],
          when: D2_ANSWER['When was it found?'],
          howMany: Number(D2_ANSWER['How many are affected?']),
        },
      ],
    ]);

    await page.getByRole('link', { name: '8D board' }).click();
    await expect.poll(() => boardOf(page), POLL).toEqual(boardWith({ [D3]: [CARD] }));
    await screenshot(page, 'eightd-board');
  });

  it('supplier A’s user finds the case in D3 and answers containment: a required field left empty first', async () => {
    const page = await signedIn(SAM, '/8d');
    await expect.poll(() => boardOf(page), POLL).toEqual(boardWith({ [D3]: [CARD] }));
    // No other supplier to filter by, nothing to open.
    expect(await page.getByLabel('Supplier').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Open an 8D' }).count()).toBe(0);
    const card = page.getByRole('region', { name: D3 }).getByRole('article', { name: CARD });
    expect(untimed(await card.innerText()).split('\n')).toEqual([
      TITLE,
      CASE_ID,
      SUPPLIER_A.name,
      'due <time>',
    ]);
    expect(await card.getAttribute('class')).toBe('eightd-card');

    await card.getByRole('link', { name: TITLE }).click();
    await page.waitForURL(`**/8d/${CASE_ID}`, POLL);
    await expect.poll(() => stepsOf(page), POLL).toEqual(statuses(3));
    // Quality's answers are there to read; only D3 has a form, and it is the supplier's.
    expect(await answerOf(page, D2)).toEqual(D2_SHOWN);
    expect(await page.getByRole('form').count()).toBe(1);
    // The supplier's own lot with its inspection; not the plant's trace or operations.
    const evidence = page.getByRole('region', { name: /^Evidence / });
    expect(await evidence.evaluateAll((es) => es.map((e) => e.getAttribute('aria-label')))).toEqual([
      `Evidence ${CAP.code}`,
    ]);
    expect(await tableRows(page, `Inspections of ${CAP.code}`)).toEqual([
      [
        CAP_INSPECTION.kind,
        CAP_INSPECTION.result,
        '<time>',
        String(CAP_INSPECTION.sample),
        String(CAP_INSPECTION.cracked),
        `${CAP_INSPECTION.defect} × ${CAP_INSPECTION.cracked}`,
      ],
    ]);
    expect(await page.locator('.eightd-trace').count()).toBe(0);

    const form = page.getByRole('form', { name: `Answer ${D3}` });
    const { 'Containment actions': containment, ...rest } = D3_ANSWER;
    for (const [label, value] of Object.entries(rest))
      await form.getByLabel(new RegExp(`^${label}`)).fill(value);
    await form.getByRole('button', { name: 'Save D3' }).click();
    const field = form.getByLabel(/^Containment actions/);
    await expect.poll(() => field.getAttribute('aria-invalid'), POLL).toBe('true');
    const describedBy = (await field.getAttribute('aria-describedby'))!.split(' ');
    expect(await page.locator(`[id="${describedBy.at(-1)}"]`).innerText()).toBe('is required');
    expect(await form.getByRole('alert').locator('li').allInnerTexts()).toEqual([
      'Containment actions: is required',
    ]);
    // Nothing stored: the case is still at D3, no D3 answer, no D3 form submission.
    const before = await api<CaseAnswer>(`/api/8d/${CASE_ID}`);
    expect([before.state, before.steps[3]!.answer]).toEqual(['d3', null]);
    expect(await api<{ submissions: unknown[] }>('/api/submissions?form=8d-d3')).toEqual({ submissions: [] });
    await screenshot(page, 'eightd-field-problem');

    await field.fill(containment);
    await form.getByRole('button', { name: 'Save D3' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${D3} answered.` })
      .waitFor(POLL);
    await expect.poll(() => stepsOf(page), POLL).toEqual(statuses(4));
    expect(await answerOf(page, D3)).toEqual(D3_SHOWN);
    // The supplier answers D4 next; D3 marked the problem contained.
    await page.getByRole('form', { name: `Answer ${D4}` }).waitFor(POLL);
    const facts = page.locator('dl[aria-label="Case"]');
    expect((await factsOf(facts)).find(([k]) => k === 'Contained')).toEqual(['Contained', '<time>']);

    const after = await api<CaseAnswer>(`/api/8d/${CASE_ID}`);
    expect([after.state, after.steps[3]!.answer?.actor, after.steps[3]!.answer?.submission?.data]).toEqual([
      'd4',
      'user:sam',
      {
        containmentActions: containment,
        suspectQuantity: Number(D3_ANSWER['Suspect quantity']),
        defectiveFound: Number(D3_ANSWER['Defective found']),
        effectiveFrom: D3_ANSWER['Effective from'],
      },
    ]);
    await page.getByRole('link', { name: '8D board' }).click();
    await expect.poll(() => boardOf(page), POLL).toEqual(boardWith({ [D4]: [CARD] }));
  });

  it('supplier B’s user sees no case on the board and gets a not-found on the case', async () => {
    const page = await signedIn(BEA, '/8d');
    await page.getByRole('status').filter({ hasText: 'No case matches.' }).waitFor(POLL);
    // the column titles come with the step forms, which may load after the cases
    await expect.poll(() => boardOf(page), POLL).toEqual(boardWith());
    for (const path of [`/8d/${CASE_ID}`, `/8d/${CASE_ID}/print`]) {
      await page.goto(path);
      const alert = page.getByRole('alert');
      await alert.waitFor(POLL);
      expect(await alert.innerText()).toBe(`No 8D case is known as "${CASE_ID}"`);
      expect(await page.getByText(TITLE).count()).toBe(0);
    }
  });

  it('prints the report with every answered step’s answers, who answered them and when', async () => {
    const page = await signedIn(QUINN, `/8d/${CASE_ID}/print`);
    await page.getByRole('heading', { name: `8D report ${CASE_ID}: ${TITLE}`, level: 1 }).waitFor(POLL);
    const section = (title: string) => page.getByRole('region', { name: title, exact: true });
    const shown = (title: string) => factsOf(section(title).locator('dl.form-submission'));
    expect(await shown(D0)).toEqual(D0_SHOWN);
    expect(await shown(D1)).toEqual(D1_SHOWN);
    expect(await shown(D2)).toEqual(D2_SHOWN);
    expect(await shown(D3)).toEqual(D3_SHOWN);
    for (const [title, by] of [
      [D0, 'quinn'],
      [D1, 'quinn'],
      [D2, 'quinn'],
      [D3, 'sam'],
    ] as const)
      expect(untimed(await section(title).locator('.eightd-answered').innerText())).toBe(
        `Answered by user:${by}, <time>`,
      );
    expect(await section(D4).locator('p').innerText()).toBe('Not answered yet (current step).');
    for (const title of COLUMNS.slice(5, 9))
      expect(await section(title).locator('p').innerText()).toBe('Not answered yet.');
    expect(await tableRows(page, 'Affected objects')).toEqual([
      [
        `${CAP.code} (lot)`,
        CAP.materialName,
        SUPPLIER_A.name,
        `${CAP_INSPECTION.kind} ${CAP_INSPECTION.result}: ${CAP_INSPECTION.defect} × ${CAP_INSPECTION.cracked}`,
        '',
      ],
    ]);
    expect(await tableRows(page, 'Who answered each step')).toEqual(
      COLUMNS.slice(0, 9).map((title, i) =>
        i < 3 ? [title, 'user:quinn', '<time>'] : i === 3 ? [title, 'user:sam', '<time>'] : [title, '', ''],
      ),
    );
    expect(await page.locator('.eightd-sign-line > span:first-child').allInnerTexts()).toEqual([
      'Quality (plant)',
      `Supplier (${SUPPLIER_A.name})`,
    ]);

    // The button prints through the browser; on paper neither the app's navigation nor the button shows.
    await page.evaluate(() => {
      const w = window as unknown as { printed: number };
      w.printed = 0;
      window.print = () => void w.printed++;
    });
    await page.getByRole('button', { name: 'Print / save as PDF' }).click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await screenshot(page, 'eightd-report');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.topbar').isVisible()).toBe(false);
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print / save as PDF' }).isVisible()).toBe(false);
    expect(await section(D3).isVisible()).toBe(true);
  });

  it('opens the form prefilled from other pages’ links; a made lot’s evidence has its trace and parameters', async () => {
    const page = await signedIn(QUINN, `/8d?open=pareto&code=CRACK&from=2025-03-01&to=2025-04-01`);
    const dialog = page.getByRole('dialog', { name: 'Open an 8D' });
    await dialog.waitFor(POLL);
    expect(
      await Promise.all(
        ['Opened from', 'Defect code', 'From', 'To', 'Material'].map((l) =>
          dialog.getByLabel(l, { exact: true }).inputValue(),
        ),
      ),
    ).toEqual(['pareto', 'CRACK', '2025-03-01', '2025-04-01', '']);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForURL((u) => u.pathname === '/8d' && u.search === '');

    await page.goto('/8d?open=recall&caseId=RC-2025-0001');
    await dialog.waitFor(POLL);
    expect(await dialog.getByLabel('Recall case').inputValue()).toBe('RC-2025-0001');

    await page.goto(`/8d?open=lot&lot=${encodeURIComponent(BOARD.id)}`);
    await dialog.waitFor(POLL);
    expect(await dialog.getByLabel('Lot', { exact: true }).inputValue()).toBe(BOARD.id);
    await dialog.getByLabel('Title').fill('Cracks after reflow');
    await dialog.getByRole('button', { name: 'Open the 8D' }).click();
    await page.waitForURL(`**/8d/${BOARD_CASE_ID}`, POLL);
    const evidence = page.getByRole('region', { name: `Evidence ${BOARD.code}` });
    await evidence.waitFor(POLL);
    expect(await evidence.getByRole('link', { name: BOARD.code }).getAttribute('href')).toBe(
      `/trace?id=${encodeURIComponent(BOARD.id)}`,
    );
    expect(await tableRows(page, `Process parameters of ${BOARD.code}`)).toEqual([
      [REFLOW.step, '', REFLOW.parameter, `${REFLOW.value} ${REFLOW.uom}`],
    ]);
    expect(await tableRows(page, `Inspections of ${BOARD.code}`)).toEqual([['No inspection recorded.']]);
    // Where it came from: the reflow, the capacitor lot (a trace link), its supplier and inspection.
    await evidence.locator('.eightd-trace summary').click();
    expect((await evidence.locator('.eightd-trace li').allInnerTexts()).sort()).toEqual(
      [
        `${REFLOW.step} (operation)`,
        `${CAP.code} (lot)`,
        `${SUPPLIER_A.name} (supplier)`,
        `${CAP_INSPECTION.kind}: ${CAP_INSPECTION.result} (inspection)`,
      ].sort(),
    );
    expect(
      await evidence.locator('.eightd-trace').getByRole('link', { name: CAP.code }).getAttribute('href'),
    ).toBe(`/trace?id=${encodeURIComponent(CAP.id)}`);
    await page.getByRole('link', { name: '8D board' }).click();
    await expect
      .poll(() => boardOf(page), POLL)
      .toEqual(boardWith({ [D0]: [`${BOARD_CASE_ID} Cracks after reflow`], [D4]: [CARD] }));
  });
});
