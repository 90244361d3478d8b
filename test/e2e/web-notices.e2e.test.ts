// Quality notices in a real browser (Chromium) against the real server and stores, on the small
// plant of test/builders/notices.builder.ts: a quality engineer raises notices from bad lot CAP-N1
// through its node panel on the trace page, checks the drafts (each customer's shipments, lots,
// units and containers, worked out here from the plant's declarations) and sends them; the
// customer opens its link signed out, sees its notice and nothing of the others, acknowledges it,
// and the link refuses a second time; supplier A's user acknowledges its notice in the portal;
// supplier B's user sees no notice and gets a not-found on A's.
// With LOTGRAPH_SCREENSHOTS=1 it also saves screenshots under docs/screenshots/.
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingestDocument } from '../../etl/ingest.ts';
import {
  CAP,
  CUSTOMERS,
  MATERIALS,
  SUPPLIER_A,
  SUPPLIER_B,
  expectedNotices,
  noticesPlant,
  type ExpectedNotice,
} from '../builders/notices.builder.ts';
import { adminFetch, createUser } from '../support/auth.ts';
import { screenshot, tableRows, TestBrowser } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

const QUALITY = {
  username: 'notice-quality',
  password: 'notice-quality-pw-1',
  displayName: 'Quality engineer',
};
const SUP_A = {
  username: 'notice-supplier-a',
  password: 'notice-supplier-a-pw-1',
  displayName: 'Supplier A user',
};
const SUP_B = {
  username: 'notice-supplier-b',
  password: 'notice-supplier-b-pw-1',
  displayName: 'Supplier B user',
};
const POLL = { timeout: 10_000 };
const TITLE = 'Cracked capacitors';
const REASON =
  'Incoming inspection found cracked capacitors. Quarantine what is listed and tell us how much you hold.';

let t: TestStores;
let server: TestServer | undefined;
let browser: TestBrowser | undefined;
/** The link the first test sent Customer One, and the supplier notice's id. */
let customerLink = '';
let supplierNoticeId = '';

beforeAll(async () => {
  t = await openTestStores();
  await ingestDocument(t.stores, t.projector, noticesPlant(), { source: 'test' });
  server = await startTestServer(t, { loginAttemptsPerWindow: 1000 });
  await createUser(server.base, { ...QUALITY, role: 'quality_engineer' });
  await createUser(server.base, { ...SUP_A, role: 'supplier', supplierId: SUPPLIER_A.id });
  await createUser(server.base, { ...SUP_B, role: 'supplier', supplierId: SUPPLIER_B.id });
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

const short = (id: string) => id.replace(/^urn:lotgraph:[a-z_]+:/, '');
const nameOfMaterial = (id: string) => Object.values(MATERIALS).find((m) => m.id === id)!.name;
const nameOfCustomer = (id: string) => CUSTOMERS.find((c) => c.id === id)!.name;

/** The tables a customer's notice shows, as the expectation states them. */
function tablesOf(e: ExpectedNotice): Record<string, string[][]> {
  const objects = (xs: Record<string, string[]>, withMaterial: boolean) =>
    Object.keys(xs)
      .sort()
      .map((id) => [
        short(id),
        ...(withMaterial ? [nameOfMaterial(materialOf(id))] : []),
        [...xs[id]!].sort().map(short).join(', '),
      ]);
  const out: Record<string, string[][]> = {
    Shipments: [...e.shipments].sort().map((s) => [
      short(s),
      '<time>',
      Object.entries(e.quantities[s]!)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, qty]) => {
          const [material, uom] = k.split('|') as [string, string];
          return `${qty} ${uom} ${nameOfMaterial(material)}`;
        })
        .join('; '),
    ]),
  };
  if (Object.keys(e.lots).length) out['Lots'] = objects(e.lots, true);
  if (Object.keys(e.units).length) out['Units'] = objects(e.units, true);
  if (Object.keys(e.containers).length) out['Containers'] = objects(e.containers, false);
  return out;
}
// The material of what the plant made: units of OP-1 are ECUs, KIT-1 is a kit.
const materialOf = (id: string) => (id.includes(':unit:') ? MATERIALS.ecu.id : MATERIALS.kit.id);

/** The tables inside a part of the page, by caption, times as <time>. */
async function tablesIn(scope: Locator): Promise<Record<string, string[][]>> {
  const captions = await scope.locator('table caption').allInnerTexts();
  const out: Record<string, string[][]> = {};
  for (const c of captions) {
    const rows = await scope
      .getByRole('table', { name: c, exact: true })
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) =>
          [...(tr as HTMLTableRowElement).cells].map((x) => (x as HTMLElement).innerText.trim()),
        ),
      );
    out[c] = rows.map((r) => r.map((x) => (/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/.test(x) ? '<time>' : x)));
  }
  return out;
}

const statusSays = (page: Page, text: string) =>
  page.getByRole('status').filter({ hasText: text }).waitFor(POLL);

describe('notices in the browser', () => {
  it('a quality engineer raises notices from a lot on the trace page, checks the drafts and sends them', async () => {
    const page = await signedIn(
      QUALITY,
      `/trace?id=${encodeURIComponent(CAP)}&sel=${encodeURIComponent(CAP)}`,
    );
    const panel = page.getByRole('complementary', { name: 'CAP-N1' });
    await panel.getByRole('link', { name: 'Raise notices' }).click();
    const dialog = page.getByRole('dialog', { name: 'Raise notices' });
    expect(await dialog.getByLabel('Lot').inputValue()).toBe(CAP);
    // what was found is required: the notices say it
    await dialog.getByLabel('Title').fill(TITLE);
    await dialog.getByRole('button', { name: 'Draft the notices' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'What was found:' }).waitFor(POLL);
    await dialog.getByLabel('What was found').fill(REASON);
    await dialog.getByRole('button', { name: 'Draft the notices' }).click();
    await page.waitForURL(/\/notices\/batches\/QN-\d{4}-\d{4}$/, POLL);

    // the drafts: one per affected customer with exactly its part, and the supplier's 8D request
    const expected = expectedNotices(CAP);
    expect(expected.map((e) => e.customer)).toEqual(CUSTOMERS.slice(0, 3).map((c) => c.id));
    for (const e of expected) {
      const region = page.getByRole('region', { name: `To customer ${nameOfCustomer(e.customer)}` });
      await region.waitFor(POLL);
      expect(await tablesIn(region)).toEqual(tablesOf(e));
      expect(await region.getByRole('heading').first().innerText()).toContain('Draft');
    }
    expect(await page.getByRole('region', { name: 'To customer Customer Four' }).count()).toBe(0);
    const supplier = page.getByRole('region', { name: `To supplier ${SUPPLIER_A.name}` });
    expect(await supplier.innerText()).toContain('Sending opens an 8D case on the lot for the supplier.');
    expect(await page.getByRole('region', { name: `To supplier ${SUPPLIER_B.name}` }).count()).toBe(0);

    await page.getByRole('button', { name: 'Send 4 notices' }).click();
    const links = page.getByRole('region', { name: 'Links for the customers' });
    await links.waitFor(POLL);
    expect(await links.getByRole('textbox').count()).toBe(3);
    customerLink = await links.getByLabel('Link for Customer One').inputValue();
    await screenshot(page, 'notices-sent');
    expect(customerLink).toMatch(new RegExp(`^${server!.base}/ack/[A-Za-z0-9_-]{43}$`));
    await expect.poll(() => supplier.innerText(), POLL).toMatch(/8D case 8D-\d{4}-0001/);
    expect(await page.getByRole('button', { name: /^Send/ }).count()).toBe(0);
    supplierNoticeId = (await supplier.getByRole('heading').innerText()).match(/QN-\d{4}-\d{4}-S1/)![0];
  });

  it('the customer opens its link signed out, sees its notice only, acknowledges, and the link refuses a second time', async () => {
    const page = await browser!.newPage(server!.base);
    await page.goto(customerLink);
    await page.getByRole('heading', { name: new RegExp(`^${TITLE}`) }).waitFor(POLL);
    expect(new URL(page.url()).pathname).toMatch(/^\/ack\//);
    const mine = expectedNotices(CAP).find((e) => e.customer === CUSTOMERS[0].id)!;
    expect(await tablesIn(page.locator('main'))).toEqual(tablesOf(mine));
    const text = await page.locator('main').innerText();
    expect(text).toContain(REASON);
    for (const other of [
      'Customer Two',
      'Customer Three',
      'CAP-N1',
      'SH-2',
      'SH-4',
      'U3',
      SUPPLIER_A.name,
      QUALITY.username,
    ])
      expect(text).not.toContain(other);
    await screenshot(page, 'notice-link');
    // no navigation of the app: the customer has no account
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByRole('alert').filter({ hasText: 'Your name:' }).waitFor(POLL);
    await page.getByLabel('Your name').fill('Receiving at Customer One');
    await page.getByLabel('Your answer').fill('Stock quarantined: 2 units, 100 kits');
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await statusSays(page, 'Thank you: your acknowledgement was recorded');

    await page.goto(customerLink);
    await page
      .getByRole('alert')
      .filter({ hasText: 'This link is not valid: it may have been used already or have expired.' })
      .waitFor(POLL);
    expect(await page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    expect(await page.locator('main').innerText()).not.toContain('Customer One');
  });

  it("supplier A's user finds its notice in the portal and acknowledges it", async () => {
    const page = await signedIn(SUP_A, '/notices');
    await expect
      .poll(async () => (await tableRows(page, 'Notices')).map((r) => r.slice(0, 4)), POLL)
      .toEqual([[supplierNoticeId, 'Supplier A (supplier)', TITLE, 'CAP-N1']]);
    await page.getByRole('link', { name: supplierNoticeId }).click();
    await page.getByRole('heading', { name: new RegExp(`^${TITLE}`) }).waitFor(POLL);
    const text = await page.locator('main').innerText();
    for (const c of CUSTOMERS) expect(text).not.toContain(c.name);
    await page
      .getByLabel('Your answer')
      .fill('Stock blocked, sorting started; containment follows in the 8D');
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await statusSays(page, 'Acknowledged. Thank you.');
    await expect
      .poll(() => page.getByRole('definition').filter({ hasText: 'Stock blocked' }).innerText(), POLL)
      .toContain('Supplier A user, in the portal');
    expect(await page.getByRole('form', { name: 'Acknowledge the notice' }).count()).toBe(0);
  });

  it("supplier B's user sees no notice, and A's is not found", async () => {
    const page = await signedIn(SUP_B, '/notices');
    await expect.poll(() => tableRows(page, 'Notices'), POLL).toEqual([['No notice matches.']]);
    await page.goto(`/notices/${supplierNoticeId}`);
    await page
      .getByRole('alert')
      .filter({ hasText: `No notice is known as "${supplierNoticeId}"` })
      .waitFor(POLL);
  });

  it("quality's list shows who answered and who is still awaited", async () => {
    const page = await signedIn(QUALITY, '/notices');
    const list = await (await adminFetch(`${server!.base}/api/notices`)).json();
    const ids = (list as { notices: { id: string; party: { name: string } }[] }).notices;
    await expect
      .poll(async () => (await tableRows(page, 'Notices')).map((r) => [r[0], r[4]]), POLL)
      .toEqual(
        ids.map((n) => [
          n.id,
          n.party.name === 'Customer One' || n.party.name === SUPPLIER_A.name
            ? 'Acknowledged'
            : 'Waiting for the answer',
        ]),
      );
  });
});
