// The stock status page in a real browser (Chromium) against the real server and stores: lots in
// quarantine (with their age), released under a deviation (reason and until), expired and
// expiring soon, filters kept in the address, and "hold downstream" from the page, which holds
// the lot and what was made from it that is still here in one audited step.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingestDocument } from '../../etl/ingest.ts';
import { doc, lot, material, party, ship, transform } from '../builders/epcis.builder.ts';
import { decide, receiveLot } from '../builders/quality.builder.ts';
import { adminFetch, createUser } from '../support/auth.ts';
import { tableRows, TestBrowser } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

const QUINN = { username: 'quinn', password: 'quinn-quality-1', displayName: 'Quinn Quality' };
const PAT = { username: 'pat', password: 'pat-procurement-1', displayName: 'Pat Procurement' };
const POLL = { timeout: 10_000 };

// The page asks for the state now: dates are set relative to today (UTC).
const DAY = 86_400_000;
const today = new Date();
const dayFrom = (days: number) =>
  new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) + days * DAY)
    .toISOString()
    .slice(0, 10);
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const MILL = party('MILL');
const DEVIATION_UNTIL = dayFrom(20);
const EXPIRING = dayFrom(10);

const ev = (e: Record<string, unknown>, time: string) => ({ ...e, eventTime: time });
const kg = (code: string, qty: number, mat: string, time: string, expiry?: string) =>
  ev(
    receiveLot({
      lot: lot(code),
      qty,
      uom: 'KGM',
      supplier: MILL,
      material: material(mat),
      t: 0,
      ...(expiry ? { expiry } : {}),
    }),
    time,
  );

// FL-Q: received 50 hours ago, never inspected: 2 days in quarantine.
// FL-DEV: released under a deviation until DEVIATION_UNTIL.
// FL-EXP: released, expired on 2025-03-05. YE-S: released, expires in 10 days.
// ADD-X: released; 1 kg into DOUGH-B (50 kg, still here) and 1 kg into DOUGH-U (used up in
// BREAD-Z, all of which shipped). Holding downstream of ADD-X holds ADD-X and DOUGH-B.
function plant() {
  return doc([
    kg('FL-Q', 25, 'FLOUR', hoursAgo(50)),
    kg('FL-DEV', 25, 'FLOUR', hoursAgo(48)),
    ev(
      decide({
        lot: lot('FL-DEV'),
        t: 0,
        action: 'conditional_release',
        reason: 'Moisture 14.6 %',
        until: DEVIATION_UNTIL,
      }),
      hoursAgo(47),
    ),
    kg('FL-EXP', 25, 'FLOUR', hoursAgo(46), '2025-03-05'),
    ev(decide({ lot: lot('FL-EXP'), t: 0, action: 'release' }), hoursAgo(45)),
    kg('YE-S', 5, 'YEAST', hoursAgo(44), EXPIRING),
    ev(decide({ lot: lot('YE-S'), t: 0, action: 'release' }), hoursAgo(43)),
    kg('ADD-X', 10, 'ADDITIVE', hoursAgo(42)),
    ev(decide({ lot: lot('ADD-X'), t: 0, action: 'release' }), hoursAgo(41)),
    ev(
      transform({
        op: 'MIX-B',
        t: 0,
        step: 'mixing',
        inLots: [[lot('ADD-X'), 1, 'KGM']],
        outLots: [[lot('DOUGH-B'), 50, 'KGM']],
        material: material('DOUGH'),
      }),
      hoursAgo(40),
    ),
    ev(
      transform({
        op: 'MIX-U',
        t: 0,
        step: 'mixing',
        inLots: [[lot('ADD-X'), 1, 'KGM']],
        outLots: [[lot('DOUGH-U'), 20, 'KGM']],
        material: material('DOUGH'),
      }),
      hoursAgo(39),
    ),
    ev(
      transform({
        op: 'BAKE-Z',
        t: 0,
        step: 'baking',
        inLots: [[lot('DOUGH-U'), 20, 'KGM']],
        outLots: [[lot('BREAD-Z'), 30, 'H87']],
        material: material('BREAD'),
      }),
      hoursAgo(38),
    ),
    ev(
      ship({ shipment: 'S-Z', customer: party('CUST'), t: 0, lots: [[lot('BREAD-Z'), 30, 'H87']] }),
      hoursAgo(37),
    ),
  ]);
}

let t: TestStores;
let server: TestServer | undefined;
let browser: TestBrowser | undefined;

beforeAll(async () => {
  t = await openTestStores();
  await ingestDocument(t.stores, t.projector, plant(), { source: 'test' });
  server = await startTestServer(t, { loginAttemptsPerWindow: 1000 });
  await createUser(server.base, { ...QUINN, role: 'quality_engineer' });
  await createUser(server.base, { ...PAT, role: 'procurement' });
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
/** A table's rows without the last (actions) column. */
const rowsOf = async (page: Parameters<typeof tableRows>[0], caption: string) =>
  (await tableRows(page, caption)).map((r) => r.slice(0, -1));

describe('stock page', () => {
  it('shows what needs attention: quarantine with its age, deviations, expired and expiring lots', async () => {
    const page = await signedIn(QUINN, '/stock');
    await expect
      .poll(() => rowsOf(page, 'Quarantine'), POLL)
      .toEqual([['FL-Q', 'FLOUR', 'MILL', '<time>', '2', '25 KGM', '']]);
    expect(await rowsOf(page, 'Released under deviation')).toEqual([
      ['FL-DEV', 'FLOUR', 'Moisture 14.6 %', DEVIATION_UNTIL, 'user:quality-1', '25 KGM', ''],
    ]);
    expect((await rowsOf(page, 'Expired')).map((r) => [r[0], r[2], r[3]])).toEqual([
      ['FL-EXP', '2025-03-05', expect.stringMatching(/ days ago$/)],
    ]);
    expect((await rowsOf(page, 'Expiring within 30 days')).map((r) => [r[0], r[2], r[3]])).toEqual([
      ['YE-S', EXPIRING, '10 days'],
    ]);
    expect(await tableRows(page, 'On hold \\(0\\)')).toEqual([['No lot is on hold.']]);
  });

  it('keeps the filters in the address', async () => {
    const page = await signedIn(QUINN, '/stock?state=quarantine');
    await expect
      .poll(() => rowsOf(page, 'Quarantine'), POLL)
      .toEqual([['FL-Q', 'FLOUR', 'MILL', '<time>', '2', '25 KGM', '']]);
    expect(await page.getByRole('table').count()).toBe(1);
    await page.getByLabel('Show').selectOption('released');
    await page.waitForURL((u) => u.search === '?state=released');
    await expect
      .poll(async () => (await rowsOf(page, 'Released')).map((r) => r[0]).sort(), POLL)
      .toEqual(['ADD-X', 'FL-EXP', 'YE-S']);
    await page.getByLabel('Material').selectOption({ label: 'YEAST' });
    await page.waitForURL((u) => new URLSearchParams(u.search).get('material') === material('YEAST'));
    await expect.poll(async () => (await rowsOf(page, 'Released')).map((r) => r[0]), POLL).toEqual(['YE-S']);
  });

  it('offers no hold actions without hold:write', async () => {
    const page = await signedIn(PAT, '/stock?state=released');
    await expect.poll(async () => (await rowsOf(page, 'Released')).length, POLL).toBe(3);
    expect(await page.getByRole('button', { name: 'Hold downstream' }).count()).toBe(0);
  });

  it('holds a lot and everything made from it that is still here, from the page', async () => {
    const page = await signedIn(QUINN, '/stock?state=released');
    const row = page
      .getByRole('table', { name: /^Released/ })
      .getByRole('row')
      .filter({ hasText: 'ADD-X' });
    await row.getByRole('button', { name: 'Hold downstream' }).click();
    const dialog = page.getByRole('dialog', { name: 'Hold ADD-X and everything made from it' });
    await dialog.getByLabel('Reason').fill('Additive supplier notice');
    await dialog.getByRole('button', { name: 'Hold all' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByRole('status').filter({ hasText: 'Put on hold:' }).first().innerText()).toBe(
      'Put on hold: ADD-X, DOUGH-B.',
    );
    await expect
      .poll(async () => (await rowsOf(page, 'Released')).map((r) => r[0]).sort(), POLL)
      .toEqual(['FL-EXP', 'YE-S']);

    await page.getByLabel('Show').selectOption('on_hold');
    await expect
      .poll(async () => (await rowsOf(page, 'On hold')).map((r) => [r[0], r[3], r[4]]).sort(), POLL)
      .toEqual([
        ['ADD-X', 'user:quinn', 'Additive supplier notice'],
        ['DOUGH-B', 'user:quinn', 'Additive supplier notice'],
      ]);

    // One hold event, one audit entry, for the lot and what was made from it.
    const audit = (await (await adminFetch(`${server!.base}/api/audit?action=stock.hold`)).json()) as {
      entries: {
        actor: string;
        subject: string;
        reason: string;
        after: { items: { code: string }[]; extendedFrom: string };
      }[];
    };
    expect(
      audit.entries.map((e) => [
        e.actor,
        e.subject,
        e.reason,
        e.after.extendedFrom,
        e.after.items.map((i) => i.code),
      ]),
    ).toEqual([['user:quinn', lot('ADD-X'), 'Additive supplier notice', lot('ADD-X'), ['ADD-X', 'DOUGH-B']]]);
  });
});
