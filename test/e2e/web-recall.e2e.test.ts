// The recall workspace in a real browser (Chromium) against the real server and stores, on the
// hand-built plants (test/fixtures/plants.fixture.ts): the recall scope of flour lot FLOUR-1 with
// its customers, narrowing by an out-of-spec parameter with the reasons for what it removed,
// "Hold all in-house stock" (the table and the audit trail), a recall case with a recorded
// recovery, and a mock-recall drill whose saved report appears in the drill history.
// With LOTGRAPH_SCREENSHOTS=1 it also saves the screenshots under docs/screenshots/.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingestDocument } from '../../etl/ingest.ts';
import { lot } from '../builders/epcis.builder.ts';
import { plantsDocument } from '../fixtures/plants.fixture.ts';
import { adminFetch, createUser } from '../support/auth.ts';
import { expectRows, screenshot, tableRows, TestBrowser } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

const QUINN = { username: 'quinn', password: 'quinn-quality-1', displayName: 'Quinn Quality' };
const AUDREY = { username: 'audrey', password: 'audrey-auditor-1', displayName: 'Audrey Auditor' };
// Tables refill after an action; the API and the page get this long.
const POLL = { timeout: 10_000 };

const FLOUR = lot('FLOUR-1');
const RECALL = `/recall?id=${encodeURIComponent(FLOUR)}`;

// The flour lot's way through the plants fixture, from its own numbers:
// FLOUR-1: 500 KGM received; MIX-1 takes 100 (-> DOUGH-1, 103 KGM, doughTemperature 26.5 CEL) and
// MIX-3 takes 50 (-> DOUGH-3, 53 KGM, no reading): 350 KGM left.
// BAKE-1 uses all of DOUGH-1 (-> BREAD-1, 100 loaves); BAKE-3 all of DOUGH-3 (-> BREAD-3, 50).
// BREAD-1: CASE-1 and CASE-2 (40 each) on PAL-1 -> SHIP-1 to Distributor A: 80 shipped, 20 left.
// BREAD-3: CASE-4 (40) on PAL-2 -> SHIP-2 to Distributor B: 40 shipped, 10 left.
const RECEIVED = 500;
const MIX = { 'DOUGH-1': [100, 103], 'DOUGH-3': [50, 53] } as const;
const BAKED = { 'BREAD-1': 100, 'BREAD-3': 50 } as const;
const CASE = 40;
const SHIPPED = { 'BREAD-1': 2 * CASE, 'BREAD-3': CASE } as const;
const FLOUR_LEFT = RECEIVED - MIX['DOUGH-1'][0] - MIX['DOUGH-3'][0];
const CUSTOMERS: [name: string, shipment: string, bread: number][] = [
  ['Distributor A', 'SHIP-1', SHIPPED['BREAD-1']],
  ['Distributor B', 'SHIP-2', SHIPPED['BREAD-3']],
];
// Lots of the scope in the API's order (by id), with what is left and where.
const LOTS: [code: string, left: string, where: string][] = [
  ['BREAD-1', `${BAKED['BREAD-1'] - SHIPPED['BREAD-1']} H87`, 'in stock'],
  ['BREAD-3', `${BAKED['BREAD-3'] - SHIPPED['BREAD-3']} H87`, 'in stock'],
  ['DOUGH-1', '0 KGM', 'nothing left'],
  ['DOUGH-3', '0 KGM', 'nothing left'],
  ['FLOUR-1', `${FLOUR_LEFT} KGM`, 'in stock'],
];
// Still in the plant: the lots with something left (every case and pallet has shipped).
const IN_PLANT = LOTS.filter(([, left]) => !left.startsWith('0 ')).map(([code]) => code);

let t: TestStores;
let server: TestServer | undefined;
let browser: TestBrowser | undefined;

beforeAll(async () => {
  t = await openTestStores();
  await ingestDocument(t.stores, t.projector, plantsDocument(), { source: 'test' });
  server = await startTestServer(t, { loginAttemptsPerWindow: 1000 });
  await createUser(server.base, { ...QUINN, role: 'quality_engineer' });
  await createUser(server.base, { ...AUDREY, role: 'auditor' });
  browser = await TestBrowser.launch();
});

afterEach(async () => browser?.endTest());

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

/** A signed-in page in a fresh browser session at 1280x800, at `path`. */
const signedIn = (who: { username: string; password: string }, path: string) =>
  browser!.signedIn(server!.base, who, path);

/** A case's accounting line of bread on a shipment, as the record form's choice. */
const lineOf = (ship: string) => `urn:lotgraph:shipment:${ship}|urn:lotgraph:material:BREAD|H87`;

/** The body rows of a table, only the columns at `cols`. */
const columns = async (page: Page, caption: string, cols: number[]) =>
  (await tableRows(page, caption)).map((r) => cols.map((i) => r[i]));

/** The counts by kind: lots, units, containers, shipments, customers. */
const counts = (page: Page) =>
  page.locator('.recall-counts dd').evaluateAll((dds) => dds.map((d) => (d as HTMLElement).innerText.trim()));

describe('recall workspace', () => {
  it('shows the scope of the flour lot: counts, customers, shipments, lots that sort', async () => {
    const page = await signedIn(QUINN, RECALL);
    await expectRows(
      page,
      'Customers',
      CUSTOMERS.map(([name, ship, qty]) => [name, '1', ship, `${qty} H87 Bread`]),
    );
    await expectRows(
      page,
      'Shipments',
      CUSTOMERS.map(([name, ship, qty]) => [ship, '<time>', name, '1', '0', `${qty} H87 Bread`]),
    );
    // Lots 5, units 0, containers CASE-1, CASE-2, PAL-1, CASE-4, PAL-2, shipments 2, customers 2.
    expect(await counts(page)).toEqual(['5', '0', '5', '2', '2']);
    expect(await columns(page, 'Lots', [0, 6, 7])).toEqual(LOTS);

    // Sorting by what is left: ascending on a click, descending with the keyboard (ties keep order).
    const byLeft = [...LOTS].sort((a, b) => parseFloat(a[1]) - parseFloat(b[1]));
    await page.getByRole('table', { name: /^Lots/ }).getByRole('button', { name: 'Remaining' }).click();
    expect((await columns(page, 'Lots', [0])).flat()).toEqual(byLeft.map((l) => l[0]));
    await page.keyboard.press('Enter');
    expect((await columns(page, 'Lots', [0])).flat()).toEqual(
      [...LOTS].sort((a, b) => parseFloat(b[1]) - parseFloat(a[1])).map((l) => l[0]),
    );
    expect(await page.getByRole('columnheader', { name: /Remaining/ }).getAttribute('aria-sort')).toBe(
      'descending',
    );

    // A tablet: the page itself does not scroll sideways (wide tables scroll in their frame).
    await page.setViewportSize({ width: 768, height: 1024 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });

  it('offers an auditor the scope and its exports, but not holds, cases or drills', async () => {
    const page = await signedIn(AUDREY, RECALL);
    await expectRows(
      page,
      'Customers',
      CUSTOMERS.map(([name, ship, qty]) => [name, '1', ship, `${qty} H87 Bread`]),
    );
    for (const name of ['Hold all in-house stock', 'Open recall case', 'Start mock-recall drill'])
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'FSMA 204 (CSV)' }).getAttribute('href')).toBe(
      `/api/recall/fsma204?id=${encodeURIComponent(FLOUR)}&format=csv`,
    );
  });

  it('narrows by an out-of-spec parameter and says what it removed and why', async () => {
    const page = await signedIn(QUINN, RECALL);
    await page.getByText('Narrow the recall with evidence').click();
    await page.getByLabel('Parameter', { exact: true }).fill('doughTemperature');
    await page.getByLabel('Reading').selectOption('gt');
    await page.getByLabel('Limit').fill('26');
    await page.getByRole('button', { name: 'Narrow', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.has('criteria'));
    const criteria = { parameter: { name: 'doughTemperature', op: 'gt', value: 26 } };
    expect(JSON.parse(new URL(page.url()).searchParams.get('criteria')!)).toEqual(criteria);

    // Only MIX-1 read a dough temperature above 26 (26.5): kept are DOUGH-1 and what was made from
    // it (BREAD-1 in CASE-1/CASE-2 on PAL-1, SHIP-1, Distributor A). Removed: the flour lot itself
    // (received, not made), DOUGH-3 (MIX-3 has no reading), BREAD-3 made from it, its case and
    // pallet, SHIP-2 and Distributor B.
    const removed = 'What narrowing removed and why';
    await expect
      .poll(async () => columns(page, removed, [0, 1]), POLL)
      .toEqual([
        ['lot', 'BREAD-3'],
        ['lot', 'DOUGH-3'],
        ['lot', 'FLOUR-1'],
        ['container', 'CASE-4'],
        ['container', 'PAL-2'],
        ['shipment', 'SHIP-2'],
        ['customer', 'Distributor B'],
      ]);
    const reasons = Object.fromEntries((await tableRows(page, removed)).map((r) => [r[1], r[2]!]));
    expect(reasons['DOUGH-3']).toContain('no doughTemperature reading');
    expect(reasons['BREAD-3']).toContain('DOUGH-3');
    expect(reasons['FLOUR-1']).toContain('received from a supplier');
    expect(reasons['SHIP-2']).toContain('BREAD-3');
    expect(reasons['Distributor B']).toContain('SHIP-2');
    expect(await page.getByRole('list', { name: 'Explanation' }).innerText()).toContain('doughTemperature');
    await expectRows(page, 'Customers', [
      ['Distributor A', '1', 'SHIP-1', `${SHIPPED['BREAD-1']} H87 Bread`],
    ]);
    expect(await counts(page)).toEqual(['2 of 5', '0', '3 of 5', '1 of 2', '1 of 2']);

    // The narrowing survives a reload, and the exports carry it.
    await page.reload();
    await expectRows(page, 'Customers', [
      ['Distributor A', '1', 'SHIP-1', `${SHIPPED['BREAD-1']} H87 Bread`],
    ]);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download lots as CSV' }).click(),
    ]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv).toContain('BREAD-1');
    expect(csv).toContain('DOUGH-1');
    expect(csv).not.toContain('BREAD-3');
    await screenshot(page, 'recall-narrowed');
  });

  it('holds all in-house stock with a reason: the table and the audit trail show it', async () => {
    const page = await signedIn(QUINN, RECALL);
    const reason = 'Foreign matter found in flour lot FLOUR-1';
    await page.getByRole('button', { name: 'Hold all in-house stock' }).click();
    const dialog = page.getByRole('dialog', { name: 'Hold all in-house stock' });
    // A reason is required: the browser keeps the form from going without one.
    await dialog.getByRole('button', { name: 'Put on hold' }).click();
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByLabel('Reason').fill(reason);
    await dialog.getByRole('button', { name: 'Put on hold' }).click();
    await dialog.waitFor({ state: 'hidden' });

    expect(await page.getByRole('status').filter({ hasText: 'Put on hold:' }).innerText()).toBe(
      `Put on hold: ${IN_PLANT.join(', ')}.`,
    );
    await expect
      .poll(
        async () => (await columns(page, 'Lots', [0, 2])).filter((r) => r[1] === 'on hold').map((r) => r[0]),
        POLL,
      )
      .toEqual(IN_PLANT);
    await expect
      .poll(
        async () => (await columns(page, 'On hold', [0, 3, 4])).sort((a, b) => a[0]!.localeCompare(b[0]!)),
        POLL,
      )
      .toEqual(IN_PLANT.map((code) => [code, `user:${QUINN.username}`, reason]));

    const audit = (await (await adminFetch(`${server!.base}/api/audit?action=stock.hold`)).json()) as {
      entries: { actor: string; action: string; reason: string | null }[];
    };
    expect(audit.entries.map((e) => [e.actor, e.action, e.reason])).toEqual([
      [`user:${QUINN.username}`, 'stock.hold', reason],
    ]);
    await screenshot(page, 'recall-workspace');
  });

  it('opens a recall case, records a recovery, refuses more than is open, keeps the case open', async () => {
    const page = await signedIn(QUINN, RECALL);
    await page.getByRole('button', { name: 'Open recall case' }).click();
    const dialog = page.getByRole('dialog', { name: 'Open recall case' });
    await dialog.getByLabel('Title').fill('Flour FLOUR-1 foreign matter');
    await dialog.getByLabel('Reason').fill('Supplier notice NM-7781');
    await dialog.getByRole('button', { name: 'Open case' }).click();
    await page.waitForURL(/\/recalls\/[^/]+$/);
    const caseId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);

    const line = (ship: string, name: string, shipped: number, recovered: number) => [
      ship,
      name,
      'Bread',
      `${shipped} H87`,
      `${recovered} H87`,
      '0 H87',
      '0 H87',
      `${shipped - recovered} H87`,
    ];
    const accounting = 'Accounting per shipment and material';
    await expectRows(
      page,
      accounting,
      CUSTOMERS.map(([name, ship, qty]) => line(ship, name, qty, 0)),
    );
    await expect.poll(() => page.getByRole('button', { name: 'Close case' }).isDisabled(), POLL).toBe(true);

    const recovered = 30;
    await page.getByLabel('Shipment line').selectOption(lineOf('SHIP-1'));
    await page.getByLabel('Recovered (H87)').fill(String(recovered));
    await page.getByLabel('Note').fill('returned by Distributor A');
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await expectRows(page, accounting, [
      line('SHIP-1', 'Distributor A', SHIPPED['BREAD-1'], recovered),
      line('SHIP-2', 'Distributor B', SHIPPED['BREAD-3'], 0),
    ]);
    await expectRows(page, 'Records', [
      [
        '<time>',
        `user:${QUINN.username}`,
        'SHIP-1',
        'Bread',
        `${recovered} H87`,
        '',
        '',
        'returned by Distributor A',
      ],
    ]);

    await screenshot(page, 'recall-case');

    // More than is open on SHIP-2 (40): the API refuses, the page says why, nothing changes.
    await page.getByLabel('Shipment line').selectOption(lineOf('SHIP-2'));
    await page.getByLabel('Destroyed (H87)').fill(String(SHIPPED['BREAD-3'] + 1));
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await page.getByRole('form', { name: 'Record quantities' }).getByRole('alert').waitFor();
    expect((await tableRows(page, 'Records')).length).toBe(1);
    expect(await page.getByRole('button', { name: 'Close case' }).isDisabled()).toBe(true);

    await page.getByRole('link', { name: 'Recall cases' }).first().click();
    await expectRows(page, 'Recall cases', [
      ['Flour FLOUR-1 foreign matter', 'FLOUR-1', 'open', '2', `user:${QUINN.username}`, '<time>', ''],
    ]);
    expect(await page.getByRole('link', { name: 'Flour FLOUR-1 foreign matter' }).getAttribute('href')).toBe(
      `/recalls/${encodeURIComponent(caseId)}`,
    );
  });

  it('runs a mock-recall drill: clock, mass balance, a count, the saved report in the history', async () => {
    const page = await signedIn(QUINN, '/drills');
    await page.getByLabel('Lot, unit or container').fill(FLOUR);
    await page.getByRole('button', { name: 'Start drill' }).click();
    await page.waitForURL(/\/drills\/[^/]+$/);
    const drillId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page.getByRole('timer').waitFor();

    // Received + produced − consumed − shipped − in stock, per lot, from the fixture's numbers.
    const balance = [
      [
        'BREAD-1',
        '0 H87',
        `${BAKED['BREAD-1']} H87`,
        '0 H87',
        `${BAKED['BREAD-1'] - SHIPPED['BREAD-1']} H87`,
        `${SHIPPED['BREAD-1']} H87`,
      ],
      [
        'BREAD-3',
        '0 H87',
        `${BAKED['BREAD-3']} H87`,
        '0 H87',
        `${BAKED['BREAD-3'] - SHIPPED['BREAD-3']} H87`,
        `${SHIPPED['BREAD-3']} H87`,
      ],
      ['DOUGH-1', '0 KGM', `${MIX['DOUGH-1'][1]} KGM`, `${MIX['DOUGH-1'][1]} KGM`, '0 KGM', '0 KGM'],
      ['DOUGH-3', '0 KGM', `${MIX['DOUGH-3'][1]} KGM`, `${MIX['DOUGH-3'][1]} KGM`, '0 KGM', '0 KGM'],
      ['FLOUR-1', `${RECEIVED} KGM`, '0 KGM', `${RECEIVED - FLOUR_LEFT} KGM`, `${FLOUR_LEFT} KGM`, '0 KGM'],
    ];
    await expect.poll(() => columns(page, 'Mass balance per lot', [0, 2, 3, 4, 5, 6]), POLL).toEqual(balance);
    expect((await columns(page, 'Mass balance per lot', [9])).flat()).toEqual(
      balance.map((b) => `0 ${b[1]!.split(' ')[1]}`),
    );

    // One kilogram of flour short at the physical count: the difference shows, the drill is off.
    const counted = FLOUR_LEFT - 1;
    await page.getByLabel('Counted quantity of FLOUR-1 (KGM)').fill(String(counted));
    await page.getByLabel('Note').fill('Drill for the annual audit');
    await page.getByRole('button', { name: 'Confirm scope' }).click();
    const report = page.getByRole('article', { name: 'Drill report' });
    await report.waitFor();
    expect(await report.getByRole('timer').count()).toBe(0);
    await expect
      .poll(
        async () => (await columns(page, 'Mass balance per lot', [0, 8, 9])).find((r) => r[0] === 'FLOUR-1'),
        POLL,
      )
      .toEqual(['FLOUR-1', `${counted} KGM`, '1 KGM']);
    expect(await page.locator('tr.off-balance').count()).toBe(1);
    expect(await report.innerText()).toContain('not balanced');
    expect(await report.innerText()).toContain('Drill for the annual audit');
    await screenshot(page, 'drill-report');

    await page.getByRole('link', { name: 'Mock-recall drills' }).click();
    const history = await tableRows(page, 'Drill history');
    expect(history).toHaveLength(1);
    expect(history[0]!.filter((_, i) => i !== 5)).toEqual([
      drillId,
      'FLOUR-1',
      'confirmed',
      `user:${QUINN.username}`,
      '<time>',
      String(LOTS.length),
      String(CUSTOMERS.length),
      'not balanced',
    ]);
    expect(history[0]![5]).toMatch(/^\d+:\d\d$/);
  });
});
