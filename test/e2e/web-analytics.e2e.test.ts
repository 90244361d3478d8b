// The analytics pages in a real browser (Chromium) against the real server and stores, on a small
// hand-built set of receipts, inspections and one reflow line whose figures the test computes
// itself: the defect Pareto and its drill-down to the trace page, the supplier scorecard with its
// "no data" figures and a change of its weights, a chart's CSV, filters kept in the address, a
// supplier's own view, and the yield and SPC charts.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingestDocument } from '../../etl/ingest.ts';
import {
  doc,
  inspect,
  lot,
  material,
  party,
  PARTY,
  receive,
  transform,
  unit,
  type Severity,
} from '../builders/epcis.builder.ts';
import { adminFetch, createUser } from '../support/auth.ts';
import { expectRows, navLinks, tableRows, TestBrowser } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

const ADMIN = { username: 'ada', password: 'ada-admin-secret-1', displayName: 'Ada Admin' };
const BUYER = { username: 'bea', password: 'bea-procurement-1', displayName: 'Bea Buyer' };
const SOUTH = { username: 'south', password: 'south-supplier-1', displayName: 'Mill South QA' };

const NORTH_ID = party('MILL-NORTH');
const SOUTH_ID = party('MILL-SOUTH');
const SALT_ID = party('SALT-WORKS'); // no name in the master data: shown by its code
const FLOUR = material('FLOUR');

// Base time h = 0 is 2025-03-01T06:00Z: every receipt and inspection is in March 2025.
// Incoming inspections: [lot, supplier, hour, result, sample size, defects].
type Incoming = [
  code: string,
  h: number,
  result: 'pass' | 'fail',
  sample: number,
  defects: [string, number, Severity][],
];
const INCOMING: Incoming[] = [
  ['A1', 2, 'pass', 50, [['SPECK', 1, 'minor']]],
  [
    'A2',
    26,
    'fail',
    50,
    [
      ['MOISTURE', 3, 'major'],
      ['FOREIGN', 1, 'critical'],
    ],
  ],
  ['A3', 50, 'pass', 20, []],
  ['B1', 12, 'pass', 500, []],
  ['B2', 32, 'pass', 500, [['SPECK', 1, 'minor']]],
];
// The hand-built reflow line (step "reflow", judged by "fct"): four runs of five boards; runs 1-2
// use reel GOOD at 240/242 °C, runs 3-4 reel BAD at 244/252 °C; first FCT failures 0, 1, 2, 4.
const RUNS = [
  { reel: 'GOOD', peak: 240, fails: 0 },
  { reel: 'GOOD', peak: 242, fails: 1 },
  { reel: 'BAD', peak: 244, fails: 2 },
  { reel: 'BAD', peak: 252, fails: 4 },
];

function fixture() {
  const events: Record<string, unknown>[] = [
    receive({ lot: lot('A1'), qty: 1000, uom: 'KGM', supplier: NORTH_ID, material: FLOUR, t: 0 }),
    receive({ lot: lot('A2'), qty: 500, uom: 'KGM', supplier: NORTH_ID, material: FLOUR, t: 24 }),
    receive({ lot: lot('A3'), qty: 200, uom: 'KGM', supplier: NORTH_ID, material: material('SUGAR'), t: 48 }),
    receive({ lot: lot('B1'), qty: 300, uom: 'KGM', supplier: SOUTH_ID, material: FLOUR, t: 10 }),
    receive({ lot: lot('B2'), qty: 400, uom: 'KGM', supplier: SOUTH_ID, material: FLOUR, t: 30 }),
    receive({ lot: lot('C1'), qty: 50, uom: 'KGM', supplier: SALT_ID, material: material('SALT'), t: 60 }),
    receive({ lot: lot('GOOD'), qty: 100, uom: 'H87', supplier: party('REELS'), t: 0 }),
    receive({ lot: lot('BAD'), qty: 100, uom: 'H87', supplier: party('REELS'), t: 0 }),
    ...INCOMING.map(([code, t, result, sample, defects]) =>
      inspect({
        target: lot(code),
        t,
        kind: 'incoming',
        result,
        sample,
        defects,
        step: 'incoming_inspection',
        equipment: 'LAB-1',
      }),
    ),
    // One more board, made at a rework step, fails its functional test with defects at h40.
    transform({ op: 'REWORK-1', t: 39, step: 'rework', outUnits: [unit('U1')] }),
    inspect({
      target: unit('U1'),
      t: 40,
      kind: 'fct',
      result: 'fail',
      sample: 1,
      defects: [['SOLDER', 2, 'major']],
      step: 'fct_test',
      equipment: 'FCT-1',
    }),
  ];
  RUNS.forEach((r, i) => {
    const boards = Array.from({ length: 5 }, (_, k) => unit(`R${i}-${k}`));
    events.push(
      transform({
        op: `RUN-${i}`,
        t: 1 + i,
        step: 'reflow',
        inLots: [[lot(r.reel), 5, 'H87']],
        outUnits: boards,
        params: [['peak', r.peak, 'CEL']],
      }),
      ...boards.map((b, k) =>
        inspect({ target: b, t: 10 + i, kind: 'fct', result: k < r.fails ? 'fail' : 'pass' }),
      ),
    );
  });
  const md = [
    { type: PARTY, id: NORTH_ID, attrs: { 'lg:name': 'Mill North', 'lg:role': 'supplier' } },
    { type: PARTY, id: SOUTH_ID, attrs: { 'lg:name': 'Mill South', 'lg:role': 'supplier' } },
  ];
  return doc(events, md);
}

let t: TestStores;
let server: TestServer | undefined;
let browser: TestBrowser | undefined;

beforeAll(async () => {
  t = await openTestStores();
  await ingestDocument(t.stores, t.projector, fixture(), { source: 'test' });
  server = await startTestServer(t, { loginAttemptsPerWindow: 1000 });
  await createUser(server.base, { ...ADMIN, role: 'admin' });
  await createUser(server.base, { ...BUYER, role: 'procurement' });
  await createUser(server.base, { ...SOUTH, role: 'supplier', supplierId: SOUTH_ID });
  browser = await TestBrowser.launch();
});

afterEach(async () => browser?.endTest());

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

/** A signed-in page in a fresh browser session, at `path`. */
const signedIn = (who: { username: string; password: string }, path: string) =>
  browser!.signedIn(server!.base, who, path);

/** Opens the "Data table" disclosure of the chart titled `title`. */
async function openDataTable(page: Page, title: string) {
  await page.getByRole('figure', { name: title }).locator('summary', { hasText: 'Data table' }).click();
}

// Independently computed figures, as the web app writes them.
const pct = (part: number, whole: number) => `${((part / whole) * 100).toFixed(1)}%`;
const thousands = (n: number) => Math.round(n).toLocaleString('en');
/** The default weights: acceptance 0.6, PPM 0.3 (PPM scores 0 at 10 000); on-time has no data. */
const score = (accepted: number, inspected: number, ppm: number) =>
  (0.6 * ((accepted / inspected) * 100) + 0.3 * Math.max(0, 100 * (1 - ppm / 10_000))) / 0.9;
const grade = (s: number, a = 90, b = 75) => (s >= a ? 'A' : s >= b ? 'B' : 'C');

describe('defects', () => {
  // Defect quantities by code: MOISTURE 3 (A2), SOLDER 2 (U1), SPECK 1 + 1 (A1, B2), FOREIGN 1 (A2);
  // total 8. SOLDER and SPECK tie and go by name. Cumulative 3/8, 5/8, 7/8 (the first to reach
  // 80 %: the last of the vital few), 8/8.
  const BARS: [name: string, count: number, objects: number][] = [
    ['MOISTURE', 3, 1],
    ['SOLDER', 2, 1],
    ['SPECK', 2, 2],
    ['FOREIGN', 1, 1],
  ];
  const TOTAL = 8;
  const cumulative = BARS.map((_, i) => BARS.slice(0, i + 1).reduce((s, b) => s + b[1], 0) / TOTAL);
  const firstReaching = cumulative.findIndex((c) => c >= 0.8);
  const vital = BARS.map((_, i) => i <= firstReaching);

  it('draws the Pareto with counts in order and the vital few, and downloads its CSV', async () => {
    const page = await signedIn(BUYER, '/defects');
    const chart = page.getByRole('figure', { name: 'Defects by defect code' });
    await chart.locator('.x-axis .tick text').first().waitFor();
    expect(await chart.locator('.x-axis .tick text').allTextContents()).toEqual(BARS.map((b) => b[0]));
    expect(await chart.locator('.bar-count').allTextContents()).toEqual(BARS.map((b) => String(b[1])));
    // Every bar but "(none)" is a button; its name says whether it is one of the vital few.
    const names = await chart
      .locator('.mark')
      .evaluateAll((gs) => gs.map((g) => g.getAttribute('aria-label')));
    expect(names.map((n) => n!.split('. ')[0])).toEqual(BARS.map((b) => b[0]));
    expect(names.map((n) => n!.includes('. Vital few.'))).toEqual(vital);
    expect(await chart.locator('.mark.vital').count()).toBe(vital.filter(Boolean).length);

    await openDataTable(page, 'Defects by defect code');
    await expectRows(
      page,
      'Pareto bars',
      BARS.map(([name, count, objects], i) => [
        name,
        String(count),
        String(objects),
        pct(count, TOTAL),
        pct(cumulative[i]! * TOTAL, TOTAL),
        vital[i] ? 'yes' : 'no',
      ]),
    );

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV: Defects by defect code' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('defects-pareto_dimension-code.csv');
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv).toBe(
      [
        'name,count,objects,share,cumulativeShare,vitalFew',
        ...BARS.map(([name, count, objects], i) =>
          [name, count, objects, count / TOTAL, cumulative[i], vital[i]].join(','),
        ),
      ].join('\n'),
    );
  });

  it('drills from a bar to its lots and on to the trace page; "(none)" is not drillable', async () => {
    const page = await signedIn(BUYER, '/defects');
    await page.getByRole('button', { name: /^SPECK\./ }).click();
    await page.waitForURL('**/defects?bar=SPECK');
    await expectRows(page, 'Lots and units', [
      ['A1', 'lot', '1', '1', '<time>', '<time>'],
      ['B2', 'lot', '1', '1', '<time>', '<time>'],
    ]);
    // The keyboard reaches the same: focus on the first bar, arrow to the next, Enter.
    await page.getByRole('button', { name: /^MOISTURE\./ }).focus();
    expect(await page.getByRole('tooltip').innerText()).toContain('Defects: 3');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/defects?bar=SOLDER');
    await expectRows(page, 'Lots and units', [['U1', 'unit', '2', '1', '<time>', '<time>']]);

    // By supplier, the unit's defects have no supplier: the bar "(none)" lists nothing.
    await page.getByLabel('By', { exact: true }).selectOption({ label: 'Supplier' });
    await page.waitForURL('**/defects?dimension=supplier');
    const chart = page.getByRole('figure', { name: 'Defects by supplier' });
    await expect
      .poll(() => chart.locator('.x-axis .tick text').allTextContents())
      .toEqual(['Mill North', '(none)', 'Mill South']);
    expect(await chart.locator('.mark[role=button]').count()).toBe(2);
    expect(await chart.getByRole('img', { name: /^\(none\)\./ }).count()).toBe(1);

    await page.getByRole('button', { name: /^Mill North\./ }).click();
    await expectRows(page, 'Lots and units', [
      ['A2', 'lot', '4', '1', '<time>', '<time>'],
      ['A1', 'lot', '1', '1', '<time>', '<time>'],
    ]);
    await page.getByRole('link', { name: 'A2' }).click();
    await page.waitForURL((u) => u.pathname === '/trace' && u.searchParams.get('id') === lot('A2'));
    await expect
      .poll(() => page.locator('.trace-summary').textContent())
      .toMatch(/^Where it came from: A2 \(lot\) · \d+ objects/);
  });

  it('keeps its filters in the address, through a reload', async () => {
    const page = await signedIn(BUYER, '/defects');
    await page.getByLabel('By', { exact: true }).selectOption({ label: 'Process step' });
    await page.getByLabel('Inspected from').fill('2025-03-02');
    await page.waitForURL('**/defects?dimension=step&from=2025-03-02');
    // From March 2: A2 (4 defects) and B2 (1) at incoming inspection, U1 (2) at the FCT step.
    const expected = [
      ['incoming_inspection', '5'],
      ['fct_test', '2'],
    ];
    const shown = async () => {
      const chart = page.getByRole('figure', { name: 'Defects by process step' });
      const names = await chart.locator('.x-axis .tick text').allTextContents();
      const counts = await chart.locator('.bar-count').allTextContents();
      return names.map((n, i) => [n, counts[i]]);
    };
    await expect.poll(shown).toEqual(expected);
    await page.reload();
    await expect.poll(shown).toEqual(expected);
    expect(await page.getByLabel('By', { exact: true }).inputValue()).toBe('step');
    expect(await page.getByLabel('Inspected from').inputValue()).toBe('2025-03-02');
    await page.goBack();
    await expect.poll(() => new URL(page.url()).search).toBe('?dimension=step');
  });
});

describe('suppliers', () => {
  // March 2025. Mill North: A1 pass (1 of 50 defective), A2 fail (4 of 50), A3 pass (0 of 20).
  // Mill South: B1 pass (0 of 500), B2 pass (1 of 500). REELS (the line's reels GOOD, BAD) and
  // SALT-WORKS (C1): received, never inspected. Rows by supplier name; a supplier without one by its code.
  const northPpm = (5 / 120) * 1e6;
  const southPpm = (1 / 1000) * 1e6;
  const north = score(2, 3, northPpm);
  const south = score(2, 2, southPpm);
  const NO = 'no data';
  const northRow = [
    'Mill North',
    '2025-03',
    '3',
    '3',
    '2',
    pct(2, 3),
    thousands(northPpm),
    '1 / 3 / 1',
    '0',
    NO,
    north.toFixed(1),
    grade(north),
  ];
  const southRow = [
    'Mill South',
    '2025-03',
    '2',
    '2',
    '2',
    pct(2, 2),
    thousands(southPpm),
    '1 / 0 / 0',
    '0',
    NO,
    south.toFixed(1),
    grade(south),
  ];
  const reelsRow = ['REELS', '2025-03', '2', '0', '0', NO, NO, '0 / 0 / 0', '0', NO, NO, NO];
  const saltRow = ['SALT-WORKS', '2025-03', '1', '0', '0', NO, NO, '0 / 0 / 0', '0', NO, NO, NO];

  it('shows the scorecard with "no data" where there is none, and the lots behind a figure', async () => {
    const page = await signedIn(BUYER, '/suppliers');
    await expectRows(page, 'Scorecard', [northRow, southRow, reelsRow, saltRow]);
    expect([grade(north), grade(south)]).toEqual(['C', 'A']);
    // Procurement reads the weights but may not change them.
    expect(await page.getByRole('button', { name: 'Change weights' }).count()).toBe(0);

    await page.getByRole('button', { name: '3 lots received from Mill North in 2025-03: list them' }).click();
    await page.waitForURL(`**/suppliers?lots=${encodeURIComponent(NORTH_ID)}&start=2025-03-01`);
    await page.getByRole('heading', { name: 'Lots received from Mill North, 2025-03' }).waitFor();
    await expectRows(page, 'Lots', [
      ['A1', 'FLOUR compare suppliers', '<time>', '1,000 KGM', 'pass', '<time>', '50', '1'],
      ['A2', 'FLOUR compare suppliers', '<time>', '500 KGM', 'fail', '<time>', '50', '4'],
      ['A3', 'SUGAR compare suppliers', '<time>', '200 KGM', 'pass', '<time>', '20', '0'],
    ]);

    // The lot's material becomes the filter: its suppliers side by side (FLOUR: A1, A2; B1, B2).
    await page.getByRole('button', { name: 'Compare the suppliers of FLOUR' }).first().click();
    await page.waitForURL(`**/suppliers?material=${encodeURIComponent(FLOUR)}`);
    const northFlour = score(1, 2, (5 / 100) * 1e6);
    await expectRows(page, 'Scorecard', [
      [
        'Mill North',
        '2025-03',
        '2',
        '2',
        '1',
        pct(1, 2),
        thousands(5e4),
        '1 / 3 / 1',
        '0',
        NO,
        northFlour.toFixed(1),
        grade(northFlour),
      ],
      southRow,
    ]);
    const compare = page.getByRole('figure', { name: 'Suppliers of FLOUR side by side' });
    await expect
      .poll(() =>
        compare
          .locator('.mark')
          .evaluateAll((gs) => gs.map((g) => g.getAttribute('aria-label')!.split('. ')[0])),
      )
      .toEqual(['Mill North, 2025-03', 'Mill South, 2025-03']);
    expect(await compare.getByRole('list', { name: 'Suppliers' }).innerText()).toBe('Mill North\nMill South');
  });

  it('lets an administrator change the weights with a reason; the API names a bad threshold', async () => {
    const page = await signedIn(ADMIN, '/suppliers');
    await expectRows(page, 'Scorecard', [northRow, southRow, reelsRow, saltRow]);
    await page.getByRole('button', { name: 'Change weights' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change scorecard weights' });
    await dialog.getByLabel('Grade B from score').fill('95');
    await dialog.getByLabel('Reason').fill('try a stricter B');
    await dialog.getByRole('button', { name: 'Save weights' }).click();
    // 0 <= gradeB < gradeA <= 100 fails; the API names gradeA, the form shows it at that field.
    await expect
      .poll(async () => (await dialog.getByRole('alert').innerText()).replace(/\n+/g, '\n'))
      .toBe(
        'The scorecard configuration is invalid\nGrade A from score: must hold 0 <= gradeB < gradeA <= 100',
      );
    expect(await dialog.getByLabel('Grade A from score').getAttribute('aria-invalid')).toBe('true');

    // Grade B from 40: Mill North's 44.4 becomes a B.
    await dialog.getByLabel('Grade B from score').fill('40');
    await dialog.getByRole('button', { name: 'Save weights' }).click();
    await expect
      .poll(() => page.getByRole('status').innerText())
      .toBe('The scorecard weights are changed; scores and grades below use them.');
    await expectRows(page, 'Scorecard', [
      [...northRow.slice(0, -1), grade(north, 90, 40)],
      southRow,
      reelsRow,
      saltRow,
    ]);
    expect(grade(north, 90, 40)).toBe('B');
    const res = await adminFetch(`${server!.base}/api/analytics/suppliers/scorecard/config`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        config: {
          weights: { acceptance: 0.6, ppm: 0.3, onTime: 0.1 },
          ppmZero: 10_000,
          gradeA: 90,
          gradeB: 75,
        },
        reason: 'back to the defaults after the browser test',
      }),
    });
    expect(res.status).toBe(200);
  });

  it('downloads the trend chart as CSV, named after the chart and its filters', async () => {
    const page = await signedIn(BUYER, '/suppliers?period=year&metric=acceptanceRate');
    const figure = page.getByRole('figure', { name: 'Acceptance rate over time' });
    await figure.waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      figure.getByRole('link', { name: 'Download CSV: Acceptance rate over time' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('supplier-acceptanceRate-trend_period-year.csv');
    expect(await readFile((await download.path())!, 'utf8')).toBe(
      [
        'supplier,supplierName,periodStart,acceptanceRate',
        `${NORTH_ID},Mill North,2025-01-01,${2 / 3}`,
        `${SOUTH_ID},Mill South,2025-01-01,1`,
        `${party('REELS')},,2025-01-01,`,
        `${SALT_ID},,2025-01-01,`,
      ].join('\n'),
    );
  });
});

describe("a supplier's user", () => {
  it('sees only its own scorecard row, no supplier picker, and no Yield page', async () => {
    const page = await signedIn(SOUTH, '/suppliers');
    expect(await navLinks(page)).toEqual([
      'Inbox',
      'Trace',
      '8D',
      'Audits',
      'Notices',
      'Suppliers',
      'Defects',
      'SPC',
    ]);
    await expectRows(page, 'Scorecard', [
      [
        'Mill South',
        '2025-03',
        '2',
        '2',
        '2',
        pct(2, 2),
        thousands(1000),
        '1 / 0 / 0',
        '0',
        'no data',
        score(2, 2, 1000).toFixed(1),
        'A',
      ],
    ]);
    expect(await page.getByRole('group', { name: 'Filters' }).getByLabel('Supplier').count()).toBe(0);
    // Its defects only: SPECK on B2.
    await page.getByRole('link', { name: 'Defects' }).click();
    const chart = page.getByRole('figure', { name: 'Defects by defect code' });
    await expect.poll(() => chart.locator('.x-axis .tick text').allTextContents()).toEqual(['SPECK']);
    await page.goto('/yield');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Not allowed');
    // SPC: the p-chart of its own lots (B1, B2 passed in March), nothing of the plant's process.
    await page.goto('/spc');
    await openDataTable(page, 'Incoming lots passed (p-chart)');
    await expectRows(page, 'p-chart points', [['2025-03', '2', '2', '100.0%', '100.0%', '100.0%', '—']]);
    expect(await page.getByRole('figure').count()).toBe(1);
  });
});

describe('yield and SPC', () => {
  it('ranks the factors of the reflow line and shows a parameter and an input lot', async () => {
    const page = await signedIn(BUYER, '/yield?step=reflow');
    // 20 boards, 7 failed at their first test. BAD: 10 boards, 6 fails (60 %) against 1 of 10.
    await expect
      .poll(() => page.getByText(/units, \d+ failed at their first test/).innerText())
      .toMatch(/^20 units, 7 failed/);
    const all = await tableRows(page, 'All factors');
    const byName = new Map(all.map((r) => [r[0], r]));
    expect(byName.get('BAD')!.slice(1, 8)).toEqual([
      'input lot',
      '',
      '10',
      '6',
      pct(6, 10),
      pct(1, 10),
      '6.00',
    ]);
    expect(byName.get('GOOD')!.slice(1, 8)).toEqual([
      'input lot',
      '',
      '10',
      '1',
      pct(1, 10),
      pct(6, 10),
      (0.1 / 0.6).toFixed(2),
    ]);
    expect([...byName.keys()].sort()).toEqual(['BAD', 'GOOD', 'peak']);
    await expectRows(page, 'Drivers', [['No factor is a significant driver.']]);

    await page.getByRole('button', { name: 'Parameter peak: show its charts' }).click();
    await page.waitForURL('**/yield?step=reflow&parameter=peak');
    await page.getByRole('figure', { name: 'First-pass yield per peak bin' }).waitFor();
    const scatter = page.getByRole('figure', { name: 'peak of every unit, passed or failed' });
    expect(await scatter.getByRole('img').getAttribute('aria-label')).toBe(
      '20 units: 13 passed, 7 failed. Arrow keys step through them by value.',
    );
    const heat = page.getByRole('figure', { name: 'First-pass yield by peak band and input lot' });
    await heat.waitFor();
    expect(await heat.locator('.y-axis text').allTextContents()).toEqual(['BAD', 'GOOD']);
    await page.getByRole('link', { name: 'BAD' }).first().click();
    await page.waitForURL((u) => u.pathname === '/trace' && u.searchParams.get('id') === lot('BAD'));
  });

  it('draws the p-chart, the u-chart and first-pass yield for staff', async () => {
    const page = await signedIn(BUYER, '/spc');
    // March: 5 lots with a verdict, 4 passed; one period, so p̄ = 4/5 and the point sits on it.
    // σ = √(p̄(1 − p̄)/5); LCL = p̄ − 3σ, UCL = p̄ + 3σ clipped at 1.
    const sigma = Math.sqrt((0.8 * 0.2) / 5);
    await openDataTable(page, 'Incoming lots passed (p-chart)');
    await expectRows(page, 'p-chart points', [
      ['2025-03', '5', '4', pct(4, 5), pct(0.8 - 3 * sigma, 1), pct(Math.min(1, 0.8 + 3 * sigma), 1), '—'],
    ]);
    // First FCTs in March: the 20 reflow boards and U1 (made at rework), 2 defects (U1's SOLDER).
    await openDataTable(page, 'Defects per unit (u-chart)');
    const u = await tableRows(page, 'u-chart points');
    expect(u.map((r) => r.slice(0, 4))).toEqual([
      ['2025-03', '21', '2', String(Number((2 / 21).toFixed(3)))],
    ]);
    // First-pass yield per step: reflow 13 of 20 boards, rework 0 of 1.
    await openDataTable(page, 'First-pass yield per step');
    const fpy = await tableRows(page, 'First-pass yield');
    expect(fpy.map((r) => r.slice(0, 5))).toEqual([
      ['reflow', '2025-03', '20', '13', pct(13, 20)],
      ['rework', '2025-03', '1', '0', pct(0, 1)],
    ]);
  });
});
